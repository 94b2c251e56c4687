import ClinicalText
@testable import Coding
import Terminology
import Testing

/// Services done at the visit (vaccines, point-of-care tests, minor procedures) and modifier 25, on notes written for these tests.
@Suite("Coder: in-office services")
struct OfficeServicesTests {
    static func codes(_ note: String) -> (icd: [String], cpt: [String]) {
        let r = CoderTests.coder.code(note)
        return (r.diagnoses.map(\.code), r.procedures.map { ([$0.code] + $0.modifiers).joined(separator: "-") })
    }

    @Test func vaccinesGivenToAChildWithCounsellingAreBilledWithTheirAdministration() {
        let note = """
            HISTORY OF PRESENT ILLNESS

            Sam is a 4-year-old male here with his father for a well-child check.

            ASSESSMENT AND PLAN

            4-year well-child check.
            • Medical Treatment: DTaP #5, MMRV (ProQuad), and inactivated influenza vaccine (trivalent, preservative-free) were given today after the vaccine information statements were reviewed and I answered the father's questions about each vaccine.
            """
        let c = Self.codes(note)
        for code in ["90700", "90710", "90656", "90460", "90461"] { #expect(c.cpt.contains(code), "\(code) in \(c.cpt)") }
        // MMRV is one vaccine, not also MMR and varicella; no adult administration codes for a counselled child.
        #expect(!c.cpt.contains("90707") && !c.cpt.contains("90716") && !c.cpt.contains("90471"), "\(c.cpt)")
        #expect(c.icd.contains("Z23"), "\(c.icd)")
    }

    @Test func vaccinesDueOrGivenInAnEarlierYearAreNotBilled() {
        let note = """
            HISTORY OF PRESENT ILLNESS

            Ann is a 52-year-old female. Shingles vaccine series completed in 2024. Immunizations: Due today for Tdap.

            ASSESSMENT AND PLAN

            Hypertension.
            • Medical Treatment: Continue lisinopril 10 mg daily.
            """
        let c = Self.codes(note)
        #expect(!c.cpt.contains { $0.hasPrefix("907") || $0.hasPrefix("904") }, "\(c.cpt)")
        #expect(!c.icd.contains("Z23"), "\(c.icd)")
    }

    @Test func anAdultsVaccinesTakeTheInjectionAdministrationCodes() {
        let note = """
            HISTORY OF PRESENT ILLNESS

            Ann is a 52-year-old female.

            ASSESSMENT AND PLAN

            Hypertension.
            • Medical Treatment: Continue lisinopril 10 mg daily.
            • Immunizations: Tdap (0.5 mL IM, left deltoid) and preservative-free trivalent inactivated influenza vaccine (0.5 mL IM, right deltoid) were administered today after counseling.
            """
        let c = Self.codes(note)
        for code in ["90715", "90656", "90471", "90472"] { #expect(c.cpt.contains(code), "\(code) in \(c.cpt)") }
        // A vaccine given IM is not a therapeutic injection.
        #expect(!c.cpt.contains("96372"), "\(c.cpt)")
    }

    @Test func pointOfCareTestsAreBilledOnlyWhenRunAtTheVisit() {
        let note = """
            RESULTS

            Point-of-care hemoglobin A1c performed in the office today: 7.6%.
            Urinalysis by automated dipstick in the office today: negative for blood, leukocytes, and nitrites.

            ASSESSMENT AND PLAN

            Type 2 diabetes mellitus.
            • Medical Treatment: Continue metformin 1000 mg twice daily.
            • Additional Testing: Repeat lipid panel in 3 months.
            """
        let c = Self.codes(note)
        #expect(c.cpt.contains("83036") && c.cpt.contains("81003"), "\(c.cpt)")
        #expect(!c.cpt.contains("80061"), "\(c.cpt)")
        // Labs do not take modifier 25 on the visit.
        #expect(c.cpt.first?.hasSuffix("-25") == false, "\(c.cpt)")
    }

    @Test func cerumenRemovedWithInstrumentsFromBothEarsIs69210WithModifier50AndTheVisitTakes25() {
        let note = """
            PROCEDURE

            Under binocular microscopy, hard impacted cerumen was removed from both ear canals using a curette and suction.

            ASSESSMENT AND PLAN

            Impacted cerumen, bilateral.
            • Medical Treatment: Removed under the microscope with instruments today.
            """
        let c = Self.codes(note)
        #expect(c.cpt.contains("69210-50"), "\(c.cpt)")
        #expect(c.cpt.first?.hasSuffix("-25") == true, "\(c.cpt)")
        #expect(c.icd.contains("H61.23"), "\(c.icd)")
    }

    @Test func shaveBiopsyAndCryotherapyOfActinicKeratosesCountTheLesions() {
        let note = """
            PROCEDURE

            A tangential (shave) biopsy was taken with a flexible blade.
            Cryotherapy: 4 actinic keratoses were treated with liquid nitrogen, 2 freeze-thaw cycles each.

            ASSESSMENT AND PLAN

            Actinic keratoses, scalp and forehead.
            • Medical Treatment: Treated with cryotherapy today.
            """
        let c = Self.codes(note)
        for code in ["11102", "17000", "17003"] { #expect(c.cpt.contains(code), "\(code) in \(c.cpt)") }
        #expect(c.cpt.first?.hasSuffix("-25") == true, "\(c.cpt)")
    }

    @Test func aNebulizerGivenInClinicIsBilledAndAnEcgAloneTakesNoModifier() {
        let neb = """
            IN-OFFICE TREATMENT

            DuoNeb (ipratropium 0.5 mg/albuterol 2.5 mg) via nebulizer was given in clinic.

            ASSESSMENT AND PLAN

            COPD with acute exacerbation.
            • Medical Treatment: Prednisone 40 mg daily for 5 days.
            """
        let c = Self.codes(neb)
        #expect(c.cpt.contains("94640"), "\(c.cpt)")
        #expect(c.cpt.first?.hasSuffix("-25") == true, "\(c.cpt)")
        #expect(c.icd.contains("J44.1") && !c.icd.contains("J44.9"), "\(c.icd)")
        let ecg = """
            RESULTS

            12-lead ECG obtained in the office today, my interpretation: sinus rhythm.

            ASSESSMENT AND PLAN

            Hypertension.
            • Medical Treatment: Continue lisinopril 10 mg daily.
            """
        let e = Self.codes(ecg)
        #expect(e.cpt.contains("93000") && e.cpt.first?.hasSuffix("-25") == false, "\(e.cpt)")
    }

    @Test func xrayCodeFollowsTheNumberOfViews() {
        #expect(Coder.xrayViews("73560", "x-rays of the right knee, 3 views, were obtained today") == "73562")
        #expect(Coder.xrayViews("73630", "right foot x-rays, 2 views, obtained in clinic today") == "73620")
        #expect(Coder.xrayViews("71046", "chest x-ray, pa and lateral, obtained today") == "71046")
        #expect(Coder.xrayViews("73560", "knee x-rays obtained today") == "73560")
    }

    @Test func injectedDrugAndScreeningInstrumentsAreBilled() {
        let note = """
            PROCEDURE

            The right knee was prepped with chlorhexidine and injected with 40 mg triamcinolone acetonide and 4 mL of 1% lidocaine.

            ASSESSMENT AND PLAN

            Primary osteoarthritis, right knee.
            • Medical Treatment: Corticosteroid injection performed today.
            """
        let c = Self.codes(note)
        #expect(c.cpt.contains("20610-RT") && c.cpt.contains("J3301"), "\(c.cpt)")
        let screen = """
            HISTORY OF PRESENT ILLNESS

            The PHQ-A depression screening completed today scored 4, and he answered no to thoughts of self-harm.

            ASSESSMENT AND PLAN

            Acne vulgaris.
            • Medical Treatment: Start topical adapalene.
            """
        let s = Self.codes(screen)
        #expect(s.cpt.contains("96127"), "\(s.cpt)")
        #expect(s.icd.contains("Z13.31"), "\(s.icd)")
        let hearing = Self.codes(screen.replacingOccurrences(of: "The PHQ-A depression screening completed today scored 4, and he answered no to thoughts of self-harm.", with: "Hearing screening passed bilaterally."))
        #expect(hearing.cpt.contains("92551") && !hearing.cpt.contains("96127"), "\(hearing.cpt)")
        // A score from an earlier visit is not a service of this one.
        let earlier = Self.codes(screen.replacingOccurrences(of: "completed today scored 4", with: "scored 4 at his last visit"))
        #expect(!earlier.cpt.contains("96127"), "\(earlier.cpt)")
    }

    @Test func aProblemManagedAtAWellChildVisitGetsItsOwnVisitWithModifier25() {
        let note = """
            HISTORY OF PRESENT ILLNESS

            Sam is a 4-year-old male here with his father for a well-child check.

            ASSESSMENT AND PLAN

            4-year well-child check.
            • Patient Education and Counseling: Booster seat, water safety, and reading together every day.

            Functional constipation with stool withholding.
            • Medical Treatment: Start polyethylene glycol 3350, 1/2 capful daily in 4 ounces of fluid.
            """
        let c = Self.codes(note)
        #expect(c.cpt.contains("99392") && c.cpt.contains("99213-25"), "\(c.cpt)")
        // Counselling alone at a preventive visit is part of it: no problem visit.
        let counselOnly = note.replacingOccurrences(of: "• Medical Treatment: Start polyethylene glycol 3350, 1/2 capful daily in 4 ounces of fluid.", with: "• Patient Education and Counseling: More fruit and water.")
        #expect(!Self.codes(counselOnly).cpt.contains { $0.hasSuffix("-25") }, "\(Self.codes(counselOnly).cpt)")
    }

    @Test func aLacerationRepairedHereByItsLengthAndSite() {
        let c = Self.codes("""
            PROCEDURE

            The 2.0 cm laceration of the left palm was irrigated and closed with 4 simple interrupted sutures.

            ASSESSMENT AND PLAN

            1. Laceration of the left palm, 2.0 cm, without foreign body.
            • Medical Treatment: Repaired as above. Keep the dressing dry for 24 hours.

            2. Tetanus immunization.
            • Tdap vaccine 0.5 mL was administered intramuscularly today.
            """)
        // The palm is the hand; a vaccination heading names no disease (no A35 tetanus).
        #expect(c.icd.contains("S61.412A") && !c.icd.contains("A35"), "\(c.icd)")
        #expect(c.cpt.contains("12001") && c.cpt.contains("90715"), "\(c.cpt)")
        // Suture removal planned is no repair.
        let later = Self.codes("ASSESSMENT AND PLAN\n\n1. Laceration of the right forearm, 3 cm.\n• Medical Treatment: Return in 10 days for suture removal.\n")
        #expect(!later.cpt.contains { $0.hasPrefix("120") }, "\(later.cpt)")
    }

    @Test func aPlantarFasciaInjectionIsAnAponeurosisInjection() {
        let c = Self.codes("""
            PROCEDURE

            The left plantar fascia was injected with 40 mg of Kenalog and 1 mL of lidocaine today.

            ASSESSMENT AND PLAN

            1. Left plantar fasciitis.
            • Medical Treatment: Injection performed today as above. Night splint.

            2. Tetanus prophylaxis.
            • A Td booster was administered today.
            """)
        #expect(c.cpt.contains { $0.hasPrefix("20550") } && !c.cpt.contains { $0.hasPrefix("20551") } && c.cpt.contains("90714"), "\(c.cpt)")
        #expect(!c.icd.contains("A35"), "\(c.icd)")
    }
}
