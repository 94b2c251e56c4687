import FHIRCore
import Foundation
import Testing

// MARK: Helpers

private func parse(_ text: String, limits: JSONParser.Limits = .init()) throws(JSONError) -> JSON {
    try JSONParser(limits: limits).parse(text)
}

private func roundTrip(_ text: String) throws -> String {
    try JSON(parsing: text).jsonString
}

/// Repo root is three levels above this file (Tests/FHIRCoreTests/JSONTests.swift);
/// shared data sits beside the repo at ../shared.
private let examplesDirectory: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("../shared/data/fhir-r4/examples").standardizedFileURL.path

private func exampleFiles() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: examplesDirectory)) ?? []
    return names.filter { $0.hasSuffix(".json") }.sorted().map { examplesDirectory + "/" + $0 }
}

// MARK: Losslessness

@Suite("JSON lossless round trip")
struct JSONRoundTripTests {
    @Test func numbersAndKeyOrderSurviveByteForByte() throws {
        let text = #"{"z":1,"a":1.50,"big":12345678901234567890123,"e":1.0e+10,"neg":-0.0}"#
        let value = try JSON(parsing: text)
        #expect(value.jsonString == text)
        #expect(value.serialized() == Array(text.utf8))
        #expect(value.objectValue?.keys == ["z", "a", "big", "e", "neg"])
        #expect(value["a"]?.numberValue?.text == "1.50")
        #expect(value["big"]?.numberValue?.text == "12345678901234567890123")
        #expect(value["big"]?.intValue == nil)
        #expect(value["e"]?.numberValue?.text == "1.0e+10")
        #expect(value["e"]?.doubleValue == 1e10)
        #expect(value["neg"]?.numberValue?.text == "-0.0")
        #expect(value["z"]?.intValue == 1)
    }

    @Test func keyOrderIsDocumentOrder() throws {
        let text = #"{"resourceType":"Patient","id":"x","meta":{"versionId":"2","lastUpdated":"2024-01-01T00:00:00Z"},"active":true,"name":[{"family":"Z"}],"birthDate":"1970-01-01"}"#
        let value = try JSON(parsing: text)
        #expect(value.objectValue?.keys == ["resourceType", "id", "meta", "active", "name", "birthDate"])
        #expect(value["meta"]?.objectValue?.keys == ["versionId", "lastUpdated"])
        #expect(value.jsonString == text)
    }

    @Test func slashIsNotEscaped() throws {
        #expect(JSON.string("<div>a/b</div>").jsonString == #""<div>a/b</div>""#)
        // An escaped slash in the input decodes to "/" and is written back plain.
        let value = try JSON(parsing: #"{"div":"<div>a\/b<\/div>","url":"http://x/y"}"#)
        #expect(value["div"]?.stringValue == "<div>a/b</div>")
        #expect(value.jsonString == #"{"div":"<div>a/b</div>","url":"http://x/y"}"#)
    }

    @Test func unicodeRoundTripsAsRawUTF8() throws {
        let text = #"{"name":"José","emoji":"😀","cjk":"中文テキスト","mixed":"a\u00e9b"}"#
        let value = try JSON(parsing: text)
        #expect(value["name"]?.stringValue == "José")
        #expect(value["emoji"]?.stringValue == "😀")
        #expect(value["cjk"]?.stringValue == "中文テキスト")
        #expect(value["mixed"]?.stringValue == "aéb")
        #expect(value.jsonString == #"{"name":"José","emoji":"😀","cjk":"中文テキスト","mixed":"aéb"}"#)
        let bytes = value.serialized()
        #expect(bytes.contains(0xC3))  // é written as raw UTF-8, not \u00e9
        #expect(try JSON(parsing: bytes) == value)
    }

    @Test func escapesDecodeAndEncode() throws {
        let value = try JSON(parsing: #""q\"b\\n\nc\u0001s\/t\tb\bf\fr\re\ud83d\ude00u\u00e9\u4e2dz\u0000""#)
        #expect(value.stringValue == "q\"b\\n\nc\u{01}s/t\tb\u{08}f\u{0C}r\re😀ué中z\u{00}")
        #expect(value.jsonString == #""q\"b\\n\nc\u0001s/t\tb\bf\fr\re😀ué中z\u0000""#)
        #expect(JSON.string("\u{1F}\u{7F}").jsonString == "\"\\u001f\u{7F}\"")
        // Upper-case hex digits and escapes at the very start and end.
        #expect(try parse(#""\u00C9""#).stringValue == "É")
        #expect(try parse(#""\n""#).stringValue == "\n")
    }

    /// Strings of every length up to 40 with a special character at every position,
    /// to exercise the 8-byte-at-a-time scanning in the parser and the writer.
    @Test func specialCharactersAtEveryPosition() throws {
        let specials: [String] = ["\"", "\\", "\n", "\u{01}", "é", "😀", "中", "/", "\u{7F}"]
        for length in 0...40 {
            for position in 0..<max(length, 1) {
                for special in specials {
                    var s = String(repeating: "a", count: length)
                    if length > 0 {
                        let i = s.index(s.startIndex, offsetBy: position)
                        s.replaceSubrange(i...i, with: special)
                    }
                    let json = JSON.string(s)
                    let bytes = json.serialized()
                    let back = try JSON(parsing: bytes)
                    #expect(back == json, "length \(length) position \(position)")
                    var appended: [UInt8] = [0x20]
                    json.write(into: &appended)
                    #expect(appended == [0x20] + bytes)
                }
            }
        }
    }

    /// Many distinct short strings (≤ 16 bytes go through the parser's string cache),
    /// sharing prefixes, repeated, as keys and values, and at the very end of the input.
    @Test func shortStringsRepeatedAndColliding() throws {
        var expected: [String] = []
        for i in 0..<700 {
            let base = String(repeating: "k", count: i % 17) + String(i, radix: 36)
            expected.append(i % 5 == 0 ? base + "é" : base)
        }
        for size in [0, 40_000] {  // a small document and one above 32 KB (bigger cache)
            var text = "[" + String(repeating: " ", count: size)
            for round in 0..<2 {
                text += "{"
                text += expected.enumerated().map { i, s in "\"\(s)\":[\"\(s)\",\(i),\"\(expected[(i + round) % expected.count])\"]" }
                    .joined(separator: ",")
                text += "},"
            }
            text += #""a","ab","abcdefghijklmnop","abcdefghijklmnopq","0123456789abcdef"]"#
            let value = try JSON(parsing: text)
            let array = try #require(value.arrayValue)
            for round in 0..<2 {
                let object = try #require(array[round].objectValue)
                #expect(object.keys == expected)
                for (i, member) in object.enumerated() {
                    #expect(member.value == [.string(expected[i]), .number(JSONNumber(i)), .string(expected[(i + round) % expected.count])])
                }
            }
            #expect(Array(array[2...]) == ["a", "ab", "abcdefghijklmnop", "abcdefghijklmnopq", "0123456789abcdef"])
        }
        #expect(try parse(#"["x","xy","x","xy",1,1,"1",10,"10","10"]"#).jsonString == #"["x","xy","x","xy",1,1,"1",10,"10","10"]"#)
    }

    @Test func whitespaceAndBOM() throws {
        #expect(try parse(" \t\r\n [ 1 ,\n\t2 ] \r\n") == [1, 2])
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8)
        #expect(try JSON(parsing: bom) == ["a": 1])
        let indented = "{\n" + String(repeating: " ", count: 37) + "\"a\"  :  " + String(repeating: " ", count: 17) + "[\n\n]}"
        #expect(try parse(indented) == ["a": []])
    }

    @Test func topLevelScalars() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("-12.5e-3").numberValue?.text == "-12.5e-3")
        #expect(try parse(#""x""#) == "x")
        #expect(try parse("0") == 0)
        #expect(try parse("[]") == [])
        #expect(try parse("{}") == .object(JSONObject()))
        #expect(try parse(#"[[],{},[{}],""]"#).jsonString == #"[[],{},[{}],""]"#)
    }

    @Test func duplicateKeysAreKept() throws {
        let value = try parse(#"{"a":1,"b":2,"a":3}"#)
        let object = try #require(value.objectValue)
        #expect(object.count == 3)
        #expect(object.keys == ["a", "b", "a"])
        #expect(object["a"] == 1)
        #expect(object.duplicateKeys == ["a"])
        #expect(value.jsonString == #"{"a":1,"b":2,"a":3}"#)
    }

    @Test func parseInputKinds() throws {
        let text = #"{"a":[1,"x",null]}"#
        let expected: JSON = ["a": [1, "x", nil]]
        #expect(try JSONParser().parse(text) == expected)
        #expect(try JSONParser().parse(Array(text.utf8)) == expected)
        #expect(try JSONParser().parse(Array(("  " + text).utf8)[2...]) == expected)
        let viaRaw = try Array(text.utf8).withUnsafeBytes { raw in try JSONParser().parse(raw) }
        #expect(viaRaw == expected)
        #expect(try JSON(parsing: Array(text.utf8)) == expected)
    }
}

// MARK: Errors

struct ErrorCase: Sendable, CustomTestStringConvertible {
    var input: [UInt8]
    var code: JSONError.Code
    var offset: Int
    var testDescription: String

    init(_ text: String, _ code: JSONError.Code, _ offset: Int) {
        self.input = Array(text.utf8)
        self.code = code
        self.offset = offset
        self.testDescription = "\(text.debugDescription) → \(code)@\(offset)"
    }

    init(bytes: [UInt8], _ code: JSONError.Code, _ offset: Int) {
        self.input = bytes
        self.code = code
        self.offset = offset
        self.testDescription = "\(bytes) → \(code)@\(offset)"
    }
}

private let errorCases: [ErrorCase] = [
    // trailing commas
    ErrorCase("[1,]", .syntax, 3),
    ErrorCase(#"{"a":1,}"#, .syntax, 7),
    ErrorCase("[,1]", .syntax, 1),
    // leading zeros and other bad numbers
    ErrorCase("01", .syntax, 0),
    ErrorCase("[01]", .syntax, 1),
    ErrorCase("-01", .syntax, 1),
    ErrorCase("1.", .syntax, 2),
    ErrorCase(".5", .syntax, 0),
    ErrorCase("1e", .syntax, 2),
    ErrorCase("1e+", .syntax, 3),
    ErrorCase("-", .syntax, 1),
    ErrorCase("+1", .syntax, 0),
    ErrorCase("0x10", .trailingData, 1),
    // single quotes, NaN, Infinity, comments
    ErrorCase("'a'", .syntax, 0),
    ErrorCase(#"{'a':1}"#, .syntax, 1),
    ErrorCase("NaN", .syntax, 0),
    ErrorCase("[Infinity]", .syntax, 1),
    ErrorCase("-Infinity", .syntax, 1),
    ErrorCase("// c\n1", .syntax, 0),
    ErrorCase("[1 /* c */]", .syntax, 3),
    ErrorCase("[1] // c", .trailingData, 4),
    // literals
    ErrorCase("tru", .syntax, 0),
    ErrorCase("True", .syntax, 0),
    ErrorCase("[nul]", .syntax, 1),
    ErrorCase("fals", .syntax, 0),
    // strings: control characters, escapes, termination
    ErrorCase("\"a\nb\"", .syntax, 2),
    ErrorCase("\"\u{01}\"", .syntax, 1),
    ErrorCase("[\"abcdefghijklmnop\tq\"]", .syntax, 18),
    ErrorCase(#""\x""#, .syntax, 1),
    ErrorCase(#""ab\u12G4""#, .syntax, 3),
    ErrorCase(#""\u12""#, .syntax, 1),
    ErrorCase(#""abc"#, .syntax, 0),
    ErrorCase(#"["abc\"]"#, .syntax, 1),
    // lone surrogate escapes
    ErrorCase(#""\ud800""#, .syntax, 1),
    ErrorCase(#""x\udc00""#, .syntax, 2),
    ErrorCase(#""\ud83d\u0041""#, .syntax, 1),
    ErrorCase(#""\ud83dabc""#, .syntax, 1),
    // invalid UTF-8 inside strings
    ErrorCase(bytes: [0x22, 0x61, 0xFF, 0x22], .invalidUTF8, 2),
    ErrorCase(bytes: [0x22, 0xC0, 0x80, 0x22], .invalidUTF8, 1),  // overlong NUL
    ErrorCase(bytes: [0x22, 0xE2, 0x82, 0x22], .invalidUTF8, 1),  // truncated
    ErrorCase(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8, 1),  // UTF-8 encoded surrogate
    ErrorCase(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8, 1),  // > U+10FFFF
    ErrorCase(bytes: Array(#"{"abcdefghij":"0123456789"#.utf8) + [0x80] + Array(#""}"#.utf8), .invalidUTF8, 25),
    ErrorCase(bytes: [0x22, 0xC3], .invalidUTF8, 1),
    // structure
    ErrorCase("[1 2]", .syntax, 3),
    ErrorCase(#"{"a" 1}"#, .syntax, 5),
    ErrorCase(#"{"a":1 "b":2}"#, .syntax, 7),
    ErrorCase("{a:1}", .syntax, 1),
    ErrorCase("[1", .syntax, 2),
    ErrorCase(#"{"a""#, .syntax, 4),
    ErrorCase(#"{"a":"#, .syntax, 5),
    ErrorCase("[}", .syntax, 1),
    ErrorCase(#"{"a":1]"#, .syntax, 6),
    // trailing data
    ErrorCase("1 2", .trailingData, 2),
    ErrorCase("{} x", .trailingData, 3),
    ErrorCase("[1]]", .trailingData, 3),
    ErrorCase("nullx", .trailingData, 4),
    // empty input
    ErrorCase("", .emptyInput, 0),
    ErrorCase(" \n\t ", .emptyInput, 4),
    ErrorCase(bytes: [0xEF, 0xBB, 0xBF], .emptyInput, 3),
]

@Suite("JSON errors")
struct JSONErrorTests {
    @Test(arguments: errorCases)
    func rejects(_ errorCase: ErrorCase) {
        do {
            let value = try JSONParser().parse(errorCase.input)
            Issue.record("expected \(errorCase.code) error, parsed \(value)")
        } catch {
            #expect(error.code == errorCase.code, "\(error)")
            #expect(error.offset == errorCase.offset, "\(error)")
            #expect(error.message.hasSuffix("at byte \(error.offset)"), "\(error)")
            #expect(error.description.contains(error.message))
        }
    }

    @Test func messagesAreHelpful() {
        #expect(throws: JSONError.self) { try parse(#"{"a":1 x}"#) }
        do {
            _ = try parse(#"{"a":1 x}"#)
        } catch {
            #expect(error.message == "expected ',' or '}' after object member but found 'x' at byte 7")
        }
        do {
            _ = try parse(#""\ud800""#)
        } catch {
            #expect(error.message.contains("surrogate"))
        }
    }

    @Test func depthLimit() throws {
        func nested(_ n: Int) -> String { String(repeating: "[", count: n) + String(repeating: "]", count: n) }
        #expect(try parse(nested(100)).jsonString == nested(100))
        do {
            _ = try parse(nested(101))
            Issue.record("101 nested arrays were accepted")
        } catch {
            #expect(error.code == .depthLimit)
            #expect(error.offset == 100)
        }
        // Objects count too, and the limit is configurable.
        let objects = String(repeating: #"{"a":"#, count: 3) + "1" + String(repeating: "}", count: 3)
        #expect(try parse(objects, limits: .init(maxDepth: 3))["a"]?["a"]?["a"] == 1)
        do {
            _ = try parse(objects, limits: .init(maxDepth: 2))
            Issue.record("depth 3 accepted with maxDepth 2")
        } catch {
            #expect(error.code == .depthLimit)
            #expect(error.offset == 10)
        }
        // Nesting past the default is fine when allowed (the parser itself does not recurse).
        let deep = nested(2_000)
        #expect(try parse(deep, limits: .init(maxDepth: 2_000)).serialized().count == 4_000)
        #expect(try parse("[[]]", limits: .init(maxDepth: 2)) == [[]])
        #expect(throws: JSONError.self) { try parse("[[]]", limits: .init(maxDepth: 1)) }
    }

    @Test func sizeLimit() throws {
        let text = #"{"a":"12345"}"#  // 13 bytes
        #expect(try parse(text, limits: .init(maxBytes: 13)) == ["a": "12345"])
        do {
            _ = try parse(text, limits: .init(maxBytes: 12))
            Issue.record("input over maxBytes accepted")
        } catch {
            #expect(error.code == .sizeLimit)
            #expect(error.offset == 12)
        }
        // The size check comes before parsing: invalid JSON over the limit is a size error.
        do {
            _ = try parse("[[[[[[", limits: .init(maxBytes: 5))
        } catch {
            #expect(error.code == .sizeLimit)
        }
        #expect(JSONParser().limits.maxBytes == 64 << 20)
        #expect(JSONParser().limits.maxDepth == 100)
    }
}

// MARK: Value API

@Suite("JSON values")
struct JSONValueTests {
    @Test func literals() {
        let value: JSON = [
            "resourceType": "Patient",
            "active": true,
            "deceased": false,
            "count": 3,
            "weight": 1.5,
            "whole": 2.0,
            "tags": ["a", 1, nil, [], [:]],
            "meta": ["versionId": "1"],
            "nothing": nil,
        ]
        #expect(
            value.jsonString
                == #"{"resourceType":"Patient","active":true,"deceased":false,"count":3,"weight":1.5,"whole":2,"tags":["a",1,null,[],{}],"meta":{"versionId":"1"},"nothing":null}"#
        )
        let object: JSONObject = ["b": 1, "a": 2]
        #expect(object.keys == ["b", "a"])
        let number: JSONNumber = 42
        #expect(number.text == "42")
        let fraction: JSONNumber = 0.25
        #expect(fraction.text == "0.25")
    }

    @Test func objectSubscriptSetKeepsPositionAppendsAndRemoves() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["b"] = "two"
        #expect(object.keys == ["a", "b", "c"])
        #expect(object["b"] == "two")
        object["d"] = 4
        #expect(object.keys == ["a", "b", "c", "d"])
        object["a"] = nil
        #expect(object.keys == ["b", "c", "d"])
        #expect(object["a"] == nil)
        object["c"] = .null  // explicit JSON null is kept
        #expect(object.keys == ["b", "c", "d"])
        #expect(object["c"] == .null)
        #expect(object.contains(key: "c"))
        #expect(!object.contains(key: "zz"))
        #expect(object.removeValue(forKey: "d") == 4)
        #expect(object.removeValue(forKey: "d") == nil)
        #expect(object.keys == ["b", "c"])
        #expect(object.count == 2)
        #expect(object[0].key == "b")
        #expect(object.map(\.key) == ["b", "c"])
        #expect(JSONObject().isEmpty)
        #expect(JSONObject([.init(key: "k", value: 1)])["k"] == 1)

        // With duplicate keys: set replaces the first and drops the rest; nil removes all.
        var dup = JSONObject([.init(key: "a", value: 1), .init(key: "b", value: 2), .init(key: "a", value: 3)])
        dup["a"] = 9
        #expect(dup.members == [.init(key: "a", value: 9), .init(key: "b", value: 2)])
        dup = JSONObject([.init(key: "a", value: 1), .init(key: "b", value: 2), .init(key: "a", value: 3)])
        #expect(dup.removeValue(forKey: "a") == 1)
        #expect(dup.keys == ["b"])
    }

    @Test func jsonSubscripts() throws {
        var value = try JSON(parsing: #"{"id":"1","name":[{"family":"A"}],"n":7}"#)
        #expect(value["id"] == "1")
        #expect(value["name"]?[0]?["family"]?.stringValue == "A")
        #expect(value["name"]?[1] == nil)
        #expect(value["name"]?[-1] == nil)
        #expect(value["missing"] == nil)
        value["id"] = "2"
        value["extra"] = true
        value["n"] = nil
        #expect(value.jsonString == #"{"id":"2","name":[{"family":"A"}],"extra":true}"#)
        // Setting a key on a non-object is a no-op.
        var string: JSON = "text"
        string["k"] = 1
        #expect(string == "text")
        var null: JSON = .null
        null["k"] = 1
        #expect(null == .null)
        #expect(string["k"] == nil)
        #expect(string[0] == nil)
    }

    @Test func accessors() {
        let value: JSON = ["s": "x", "b": true, "i": 12, "d": 1.25, "a": [1], "o": ["k": "v"], "z": nil]
        #expect(value["s"]?.stringValue == "x")
        #expect(value["s"]?.boolValue == nil)
        #expect(value["b"]?.boolValue == true)
        #expect(value["i"]?.intValue == 12)
        #expect(value["i"]?.numberValue?.text == "12")
        #expect(value["d"]?.intValue == nil)
        #expect(value["d"]?.doubleValue == 1.25)
        #expect(value["a"]?.arrayValue == [1])
        #expect(value["o"]?.objectValue?["k"] == "v")
        #expect(value["z"]?.isNull == true)
        #expect(value["s"]?.isNull == false)
        #expect(value["s"]?.numberValue == nil)
        #expect(value.arrayValue == nil)
        #expect(value["a"]?.objectValue == nil)
    }

    @Test func numberValidationAndAccessors() throws {
        for valid in ["0", "-0", "12", "1.50", "1e10", "1E+2", "-1.0e-7", "12345678901234567890123", "0.0"] {
            #expect(JSONNumber(valid)?.text == valid, "\(valid)")
        }
        for invalid in ["", "-", "01", "+1", "1.", ".5", "1e", "1e+", "NaN", "Infinity", " 1", "1 ", "0x1", "1.2.3", "--1"] {
            #expect(JSONNumber(invalid) == nil, "\(invalid)")
        }
        #expect(JSONNumber("12")?.intValue == 12)
        #expect(JSONNumber("-0")?.intValue == 0)
        #expect(JSONNumber("-9223372036854775808")?.intValue == Int.min)
        #expect(JSONNumber("9223372036854775808")?.intValue == nil)
        #expect(JSONNumber("1.0")?.intValue == nil)
        #expect(JSONNumber("1e2")?.intValue == nil)
        #expect(JSONNumber("12345678901234567890123")?.intValue == nil)
        #expect(JSONNumber("12")?.isInteger == true)
        #expect(JSONNumber("1.0")?.isInteger == false)
        #expect(JSONNumber("1E2")?.isInteger == false)
        #expect(JSONNumber("1.50")?.doubleValue == 1.5)
        #expect(JSONNumber("12345678901234567890123")?.doubleValue == 12345678901234567890123.0)
        #expect(JSONNumber("1e400")?.doubleValue == nil)
        #expect(JSONNumber("1.50")?.decimalValue == Decimal(string: "1.5"))
        #expect(JSONNumber("1.0") != JSONNumber("1"))  // textual equality
        #expect(JSONNumber(42).text == "42")
        #expect(JSONNumber(-7).text == "-7")
    }

    @Test(arguments: [
        (1.5, "1.5"), (3.0, "3"), (-0.0, "-0"), (0.0, "0"), (0.1, "0.1"), (1e-7, "1e-7"), (1e16, "1e16"),
        (1.2345678901234568e+20, "1.2345678901234568e20"), (-2.5e-10, "-2.5e-10"), (123.456, "123.456"),
        (Double.greatestFiniteMagnitude, "1.7976931348623157e308"), (Double.leastNonzeroMagnitude, "5e-324"),
    ])
    func doubleInitUsesShortestText(value: Double, text: String) {
        let number = JSONNumber(value)
        #expect(number.text == text)
        #expect(JSONNumber(number.text) != nil)
        #expect(number.doubleValue == value)
    }

    @Test func prettyPrinting() throws {
        let value = try JSON(parsing: #"{"a":[1,"x/y"],"b":{},"c":[],"d":{"e":null}}"#)
        let expected = """
            {
              "a": [
                1,
                "x/y"
              ],
              "b": {},
              "c": [],
              "d": {
                "e": null
              }
            }
            """
        #expect(String(decoding: value.serializedPretty(), as: UTF8.self) == expected)
        #expect(value.prettyJSONString == expected)
        #expect(try JSON(parsing: value.serializedPretty()) == value)
        #expect(JSON.string("a").serializedPretty() == Array(#""a""#.utf8))
    }

    @Test func writeIntoAppends() {
        var buffer = Array("prefix:".utf8)
        JSON.string("a\"b").write(into: &buffer)
        JSON.string("plain").write(into: &buffer)
        JSON.number(JSONNumber("1.50")!).write(into: &buffer)
        JSON.null.write(into: &buffer)
        JSON.bool(false).write(into: &buffer)
        (["k": [true]] as JSON).write(into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"prefix:"a\"b""plain"1.50nullfalse{"k":[true]}"#)
    }

    @Test func hashableAndDescription() {
        let a: JSON = ["x": [1, 2]]
        let b: JSON = ["x": [1, 2]]
        #expect(Set([a, b]).count == 1)
        #expect(a.description == #"{"x":[1,2]}"#)
        #expect((["b": 1, "a": 1] as JSON) != (["a": 1, "b": 1] as JSON))  // order-sensitive
    }
}

// MARK: FHIR examples

@Suite("JSON over the FHIR R4 examples")
struct JSONExampleTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: examplesDirectory), "needs ../shared/data/fhir-r4/examples"))
    func parseSerializeParseIsAFixpoint() throws {
        let files = exampleFiles()
        #expect(files.count >= 700)
        for path in files {
            let data = try #require(FileManager.default.contents(atPath: path), "\(path)")
            let original = try JSON(parsing: [UInt8](data))
            let once = original.serialized()
            let reparsed = try JSON(parsing: once)
            #expect(reparsed == original, "\(path)")
            #expect(reparsed.serialized() == once, "\(path)")
            // Pretty output parses back to the same value too.
            #expect(try JSON(parsing: original.serializedPretty()) == original, "\(path)")
        }
    }

    /// Our compact output means the same as the input according to an independent
    /// parser (Foundation's JSONSerialization).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: examplesDirectory), "needs ../shared/data/fhir-r4/examples"))
    func agreesWithFoundation() throws {
        for path in exampleFiles() {
            let data = try #require(FileManager.default.contents(atPath: path))
            let ours = try JSON(parsing: [UInt8](data)).serialized()
            let expected = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? NSObject
            let actual = try JSONSerialization.jsonObject(with: Data(ours), options: [.fragmentsAllowed]) as? NSObject
            #expect(expected != nil)
            #expect(expected == actual, "\(path)")
        }
    }
}
