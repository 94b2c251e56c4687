import ClinicalText
import Foundation
import Terminology

extension Scribe {
    /// Abbreviations as notes write them, by the lower-case word a recogniser writes.
    static let acronyms: [String: String] = [
        "mri": "MRI", "mris": "MRIs", "ct": "CT", "ekg": "EKG", "ekgs": "EKGs", "ecg": "ECG", "copd": "COPD", "chf": "CHF", "gerd": "GERD",
        "cbc": "CBC", "bmp": "BMP", "cmp": "CMP", "hdl": "HDL", "ldl": "LDL", "a1c": "A1c", "hba1c": "HbA1c", "nsaid": "NSAID", "nsaids": "NSAIDs",
        "uti": "UTI", "utis": "UTIs", "adhd": "ADHD", "ptsd": "PTSD", "hiv": "HIV", "hpv": "HPV", "tsh": "TSH", "psa": "PSA", "inr": "INR",
        "egd": "EGD", "icu": "ICU", "acl": "ACL", "mcl": "MCL", "pcl": "PCL", "dvt": "DVT", "bp": "BP", "emg": "EMG", "eeg": "EEG", "iud": "IUD",
        "ibs": "IBS", "gi": "GI", "uri": "URI", "covid": "COVID", "covid-19": "COVID-19", "cabg": "CABG", "pft": "PFT", "pfts": "PFTs",
        "dexa": "DEXA", "mrsa": "MRSA", "cpap": "CPAP", "bipap": "BiPAP", "otc": "OTC", "afib": "AFib", "bmi": "BMI", "ent": "ENT",
        "std": "STD", "stds": "STDs", "sti": "STI", "esr": "ESR", "crp": "CRP", "ua": "UA", "tia": "TIA", "ckd": "CKD",
        "mcp": "MCP", "fds": "FDS", "fdp": "FDP", "tmj": "TMJ", "ssri": "SSRI", "ssris": "SSRIs", "ace": "ACE",
        "arb": "ARB", "ppi": "PPI", "ppis": "PPIs", "pt": "PT", "ot": "OT", "er": "ER", "ob": "OB", "gyn": "GYN", "jvd": "JVD",
        "dcis": "DCIS", "iv": "IV", "o2": "O2", "mmr": "MMR", "pcp": "PCP", "bun": "BUN", "january": "January", "february": "February",
        "march": "March", "april": "April", "june": "June", "july": "July", "august": "August", "september": "September", "october": "October",
        "november": "November", "december": "December", "monday": "Monday", "tuesday": "Tuesday", "wednesday": "Wednesday",
        "thursday": "Thursday", "friday": "Friday", "saturday": "Saturday", "sunday": "Sunday",
    ]

    /// `text` with abbreviations in capitals ("an mri" → "an MRI", "his a1c" → "his A1c"), "dr. brown" as "Dr. Brown",
    /// and each drug of `medications` named as the lexicon writes it ("lasix" → "Lasix"; generics stay in lower case).
    /// Only the case changes: no word is added, dropped or replaced.
    static func cased(_ text: String, medications: [MedicationMention]) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var brands: [String: String] = [:]
        for med in medications {
            let said = med.span.text.lowercased(), written = drugName(med)
            if !said.contains(" "), written != said { brands[said] = written }
        }
        for k in words.indices {
            let word = words[k]
            // The word without the punctuation around it ("mri," → "mri").
            let core = word.trimmingCharacters(in: CharacterSet(charactersIn: ",.;:?!()'\""))
            guard !core.isEmpty, let r = word.range(of: core) else { continue }
            let lower = core.lowercased()
            if let form = acronyms[lower] ?? brands[lower], lower == core || core.first?.isUppercase == true && k == 0 {
                let replaced = k == 0 && form.first?.isLowercase == true ? form.prefix(1).uppercased() + form.dropFirst() : form
                words[k] = word.replacingCharacters(in: r, with: replaced)
            }
            if k > 0, words[k - 1].lowercased() == "dr.", core.first?.isLowercase == true, core.count > 2 {
                words[k] = word.replacingCharacters(in: r, with: core.prefix(1).uppercased() + core.dropFirst())
            }
            if word.lowercased() == "dr." { words[k] = "Dr." }
        }
        return words.joined(separator: " ")
    }
}
