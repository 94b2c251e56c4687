import FHIRCore

/// Recursive-descent parser for ``FHIRPathExpression`` with FHIRPath's operator precedence.
struct FHIRPathParser {
    enum Token: Equatable {
        case identifier(String)
        case string(String)
        case number(String)
        case symbol(String)
        case end
    }

    private var tokens: [(Token, Int)] = []
    private var position = 0
    private let text: String

    init(_ text: String) {
        self.text = text
    }

    mutating func parseExpression() throws(FHIRPathError) -> FHIRPathExpression.Node {
        tokens = try Self.tokenize(text)
        let node = try parseBinary(level: 0)
        guard case .end = peek else { throw error("unexpected \(describe(peek))") }
        return node
    }

    // Precedence, loosest first.
    static let levels: [[String]] = [
        ["implies"], ["or", "xor"], ["and"], ["in", "contains"], ["=", "!=", "~", "!~"], ["<", ">", "<=", ">="], ["|"], ["is", "as"],
    ]

    var peek: Token { tokens[position].0 }

    mutating func advance() -> Token {
        let t = tokens[position].0
        if position < tokens.count - 1 { position += 1 }
        return t
    }

    func error(_ message: String) -> FHIRPathError {
        FHIRPathError("FHIRPath '\(text)': \(message) at offset \(tokens[position].1)")
    }

    func describe(_ t: Token) -> String {
        switch t {
        case .identifier(let s): return "'\(s)'"
        case .string(let s): return "string '\(s)'"
        case .number(let s): return "number \(s)"
        case .symbol(let s): return "'\(s)'"
        case .end: return "end of expression"
        }
    }

    func operatorText(_ t: Token) -> String? {
        switch t {
        case .symbol(let s): return s
        case .identifier(let s) where ["implies", "or", "xor", "and", "in", "contains", "is", "as"].contains(s): return s
        default: return nil
        }
    }

    mutating func parseBinary(level: Int) throws(FHIRPathError) -> FHIRPathExpression.Node {
        guard level < Self.levels.count else { return try parsePostfix() }
        var left = try parseBinary(level: level + 1)
        while let op = operatorText(peek), Self.levels[level].contains(op) {
            _ = advance()
            if op == "is" || op == "as" {
                left = .typeOp(op, left, try parseTypeSpecifier())
            } else {
                if ["in", "contains", "~", "!~", "<", ">", "<=", ">="].contains(op) {
                    throw error("operator '\(op)' is not supported")
                }
                left = .binary(op, left, try parseBinary(level: level + 1))
            }
        }
        return left
    }

    mutating func parseTypeSpecifier() throws(FHIRPathError) -> String {
        guard case .identifier(var name) = advance() else { throw error("expected a type name") }
        while peek == .symbol("."), case .identifier(let next) = tokens[min(position + 1, tokens.count - 1)].0 {
            _ = advance(); _ = advance()
            name = next  // FHIR.Quantity / System.String → the last part
        }
        return name
    }

    mutating func parsePostfix() throws(FHIRPathError) -> FHIRPathExpression.Node {
        var node = try parseTerm()
        while true {
            if peek == .symbol(".") {
                _ = advance()
                guard case .identifier(let name) = advance() else { throw error("expected a name after '.'") }
                if peek == .symbol("(") {
                    node = .call(node, name, try parseArguments(for: name))
                } else {
                    node = .member(node, name)
                }
            } else if peek == .symbol("[") {
                _ = advance()
                let index = try parseBinary(level: 0)
                guard advance() == .symbol("]") else { throw error("expected ']'") }
                node = .index(node, index)
            } else {
                return node
            }
        }
    }

    mutating func parseArguments(for function: String) throws(FHIRPathError) -> [FHIRPathExpression.Node] {
        _ = advance()  // (
        var args: [FHIRPathExpression.Node] = []
        if peek == .symbol(")") { _ = advance(); return args }
        while true {
            if ["is", "as", "ofType"].contains(function) {
                args.append(.literal(FHIRPathItem(value: .string(try parseTypeSpecifier()))))
            } else {
                args.append(try parseBinary(level: 0))
            }
            switch advance() {
            case .symbol(")"): return args
            case .symbol(","): continue
            default: throw error("expected ',' or ')' in the arguments of \(function)()")
            }
        }
    }

    mutating func parseTerm() throws(FHIRPathError) -> FHIRPathExpression.Node {
        let t = advance()
        switch t {
        case .string(let s): return .literal(FHIRPathItem(value: .string(s), type: "string"))
        case .number(let n): return .literal(FHIRPathItem(value: .number(JSONNumber(n)!), type: n.contains(".") ? "decimal" : "integer"))
        case .symbol("("):
            let inner = try parseBinary(level: 0)
            guard advance() == .symbol(")") else { throw error("expected ')'") }
            return inner
        case .symbol("{"):
            guard advance() == .symbol("}") else { throw error("expected '}'") }
            return .empty
        case .symbol("-"):
            guard case .number(let n) = advance() else { throw error("expected a number after '-'") }
            return .literal(FHIRPathItem(value: .number(JSONNumber("-" + n)!), type: n.contains(".") ? "decimal" : "integer"))
        case .identifier("true"): return .literal(FHIRPathItem(value: .bool(true), type: "boolean"))
        case .identifier("false"): return .literal(FHIRPathItem(value: .bool(false), type: "boolean"))
        case .identifier("$this"): return .this
        case .identifier(let name):
            if peek == .symbol("(") { return .call(nil, name, try parseArguments(for: name)) }
            if let first = name.first, first.isUppercase { return .root(name) }
            return .member(nil, name)
        default:
            throw error("unexpected \(describe(t))")
        }
    }

    static func tokenize(_ text: String) throws(FHIRPathError) -> [(Token, Int)] {
        let chars = Array(text.unicodeScalars)
        var out: [(Token, Int)] = []
        var i = 0
        func isIdent(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            let start = i
            if c == "'" {
                var s = String.UnicodeScalarView()
                i += 1
                while i < chars.count && chars[i] != "'" {
                    if chars[i] == "\\" && i + 1 < chars.count {
                        i += 1
                        switch chars[i] {
                        case "n": s.append("\n")
                        case "t": s.append("\t")
                        case "r": s.append("\r")
                        default: s.append(chars[i])
                        }
                    } else {
                        s.append(chars[i])
                    }
                    i += 1
                }
                guard i < chars.count else { throw FHIRPathError("FHIRPath '\(text)': unterminated string at offset \(start)") }
                i += 1
                out.append((.string(String(s)), start))
            } else if c == "`" {
                var s = String.UnicodeScalarView()
                i += 1
                while i < chars.count && chars[i] != "`" { s.append(chars[i]); i += 1 }
                guard i < chars.count else { throw FHIRPathError("FHIRPath '\(text)': unterminated `name` at offset \(start)") }
                i += 1
                out.append((.identifier(String(s)), start))
            } else if ("0"..."9").contains(c) {
                var s = String.UnicodeScalarView()
                while i < chars.count && (("0"..."9").contains(chars[i]) || (chars[i] == "." && i + 1 < chars.count && ("0"..."9").contains(chars[i + 1]))) {
                    s.append(chars[i]); i += 1
                }
                out.append((.number(String(s)), start))
            } else if c == "$" || isIdent(c) {
                var s = String.UnicodeScalarView([c])
                i += 1
                while i < chars.count && isIdent(chars[i]) { s.append(chars[i]); i += 1 }
                out.append((.identifier(String(s)), start))
            } else {
                let two = i + 1 < chars.count ? String(String.UnicodeScalarView([c, chars[i + 1]])) : ""
                if ["!=", "<=", ">=", "!~"].contains(two) {
                    out.append((.symbol(two), start)); i += 2
                } else if ".,()[]{}|=<>~-+*/&".unicodeScalars.contains(c) {
                    out.append((.symbol(String(c)), start)); i += 1
                } else {
                    throw FHIRPathError("FHIRPath '\(text)': unexpected character '\(c)' at offset \(i)")
                }
            }
        }
        out.append((.end, chars.count))
        return out
    }
}
