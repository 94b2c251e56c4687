import Foundation
import Evidence

extension DraftNote {
    /// One ``Statement`` per sentence, each quoting its transcript spans in `source` (the stored transcript
    /// version; `path` selects its text, e.g. `DocumentReference.content[0].attachment`).
    public func statements(transcript: String, source: SourceReference, path: String) -> [Statement] {
        let scalars = Array(transcript.unicodeScalars)
        return sections.flatMap { section in
            section.sentences.map { s in
                Statement(elementID: s.id, content: .text(s.text), evidence: s.evidence.map { r in
                    EvidenceItem(source: source, path: path, span: TextSpan(offset: r.lowerBound, length: r.count),
                                 quote: String(String.UnicodeScalarView(scalars[r.clamped(to: 0..<scalars.count)])))
                } + s.records.compactMap { SourceReference($0).map { EvidenceItem(source: $0) } }
                  + s.definitions.compactMap { d in
                      SourceReference(d.reference).map {
                          EvidenceItem(source: $0, path: d.path, span: TextSpan(offset: 0, length: d.text.unicodeScalars.count), quote: d.text)
                      }
                  }, reason: section.title.capitalized)
            }
        }
    }

    /// The note without the sentences whose element ids are not in `kept`.
    public func keeping(_ kept: Set<String>) -> DraftNote {
        var copy = self
        for i in copy.sections.indices { copy.sections[i].sentences.removeAll { !kept.contains($0.id) } }
        return copy
    }
}
