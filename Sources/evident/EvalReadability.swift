import AfterVisit
import ArgumentParser
import Foundation

/// `evident eval readability`: Flesch–Kincaid grade of texts, as the after-visit summary reports it.
struct EvalReadability: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readability",
        abstract: "Print the Flesch-Kincaid grade of texts (textstat 0.7.3 semantics), one JSON line per text.",
        discussion: "Reads plain-text files, or with --jsonl a file of {\"id\", \"text\"} lines. Prints {\"id\", \"grade\", \"words\", \"sentences\", \"syllables\"} per text.")

    @Argument(help: ArgumentHelp("Text files, or one JSON-lines file with --jsonl.", valueName: "file"))
    var files: [String]

    @Flag(name: .long, help: "The file holds JSON lines with id and text.")
    var jsonl = false

    func run() throws {
        var texts: [(String, String)] = []
        for file in files {
            let content = try String(contentsOfFile: file, encoding: .utf8)
            if jsonl {
                for line in content.split(whereSeparator: \.isNewline) where !line.isEmpty {
                    guard let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let text = o["text"] as? String else {
                        throw ValidationError("\(file): each line needs a text")
                    }
                    texts.append(("\(o["id"] ?? texts.count)", text))
                }
            } else {
                texts.append((file, content))
            }
        }
        for (id, text) in texts {
            let c = Readability.counts(text)
            let out = try JSONSerialization.data(withJSONObject: ["id": id, "grade": Readability.fleschKincaidGrade(text), "words": c.words,
                                                                  "sentences": c.sentences, "syllables": c.syllables], options: [.sortedKeys])
            print(String(decoding: out, as: UTF8.self))
        }
    }
}
