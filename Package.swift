// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Evident",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "evident", targets: ["evident"]),
        .library(name: "FHIRCore", targets: ["FHIRCore"]),
        .library(name: "FHIRStore", targets: ["FHIRStore"]),
        .library(name: "FHIRValidation", targets: ["FHIRValidation"]),
        .library(name: "FHIRPath", targets: ["FHIRPath"]),
        .library(name: "FHIRSearch", targets: ["FHIRSearch"]),
        .library(name: "Evidence", targets: ["Evidence"]),
        .library(name: "Terminology", targets: ["Terminology"]),
        .library(name: "ClinicalText", targets: ["ClinicalText"]),
        .library(name: "Scribe", targets: ["Scribe"]),
        .library(name: "Coding", targets: ["Coding"]),
        .library(name: "Insights", targets: ["Insights"]),
        .library(name: "AfterVisit", targets: ["AfterVisit"]),
        .library(name: "Operations", targets: ["Operations"]),
        .library(name: "EvidentServer", targets: ["EvidentServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // Pure FHIR model: lossless JSON, resources, ids, dates, OperationOutcome, Bundle. No I/O.
        .target(name: "FHIRCore", swiftSettings: strict),
        // FHIRPath evaluator (pure): search parameter extraction, later _elements and invariants.
        .target(name: "FHIRPath", dependencies: ["FHIRCore"], swiftSettings: strict),
        // Search parameter definitions (official R4) and index-value extraction (pure).
        .target(name: "FHIRSearch", dependencies: ["FHIRCore", "FHIRPath"], resources: [.copy("Resources/search-parameters.json"), .copy("Resources/search-support.json")], swiftSettings: strict),
        // Structural validation of resources against the FHIR R4 StructureDefinitions (pure).
        .target(name: "FHIRValidation", dependencies: ["FHIRCore"], resources: [.copy("Resources/r4-structure.json")], swiftSettings: strict),
        // Evidence model (pure): statements, evidence verifier, Provenance builder, Ed25519 signing, audit.
        .target(name: "Evidence", dependencies: ["FHIRCore", "FHIRPath", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        // Terminologies (data shipped as TSV resources): ICD-10-CM FY2026, CMS-HCC V24/V28, CPT, LOINC, SNOMED map, lexicon.
        .target(name: "Terminology", resources: [.process("Resources")], swiftSettings: strict),
        // Clinical text engine (pure): tokens, sentences, transcripts, sections, concepts, ConText, measurements, sigs, times.
        .target(name: "ClinicalText", dependencies: ["Terminology"], swiftSettings: strict),
        // The ambient scribe (pure): transcript → draft note with evidence spans; ROUGE for its evaluation.
        .target(name: "Scribe", dependencies: ["ClinicalText", "Terminology", "Evidence"], swiftSettings: strict),
        // The medical coder (pure): a visit note → ICD-10-CM, CPT with modifiers, E/M by MDM, each with its evidence.
        .target(name: "Coding", dependencies: ["ClinicalText", "Terminology"], swiftSettings: strict),
        // The after-visit summary (pure): a visit note → plain-language sentences for the patient, each restating the note.
        .target(name: "AfterVisit", dependencies: ["ClinicalText", "Coding", "Evidence", "Terminology"], swiftSettings: strict),
        // The pre-visit summary (pure): a patient's record → sections of sentences citing record versions.
        .target(name: "Insights", dependencies: ["FHIRCore", "Evidence", "Terminology"], swiftSettings: strict),
        // PostgreSQL persistence, migrations, history, transactions, embedded cluster launcher.
        .target(
            name: "FHIRStore",
            dependencies: [
                "FHIRCore", "FHIRSearch",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The application layer: OperationDefinitions, the operation registry and the operations themselves.
        .target(
            name: "Operations",
            dependencies: [
                "FHIRCore", "FHIRStore", "FHIRSearch", "FHIRValidation", "Evidence", "Scribe", "ClinicalText", "Coding", "Insights", "AfterVisit", "Terminology",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/OperationDefinitions"), .copy("Resources/Profiles")],
            swiftSettings: strict
        ),
        // Hummingbird routes and middleware (thin HTTP layer).
        .target(
            name: "EvidentServer",
            dependencies: [
                "FHIRCore", "FHIRStore", "FHIRSearch", "Operations",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Command-line entry point: serve, migrate, load.
        .executableTarget(
            name: "evident",
            dependencies: [
                "FHIRCore", "FHIRStore", "FHIRValidation", "FHIRPath", "FHIRSearch", "EvidentServer", "Operations", "Evidence",
                "Terminology", "ClinicalText", "Scribe", "Coding", "Insights", "AfterVisit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Test support: throw-away embedded PostgreSQL clusters and fresh databases for the test suites.
        .target(
            name: "EvidentTesting",
            dependencies: [
                "FHIRCore", "FHIRStore", "FHIRValidation", "FHIRSearch",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Benchmark only: libjansson for the JSON comparison (apt: libjansson-dev).
        .systemLibrary(name: "CJansson", path: "bench/json/CJansson", pkgConfig: "jansson"),
        .executableTarget(
            name: "json-bench",
            dependencies: ["FHIRCore", "CJansson"],
            path: "bench/json/Sources",
            swiftSettings: strict
        ),
        // Benchmark only: the read statement through PostgresClient without HTTP (bench/crud).
        .executableTarget(
            name: "crud-client-bench",
            dependencies: [
                "FHIRStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/crud/Sources"
        ),
        // Benchmark only: clinical text throughput (bench/text).
        .executableTarget(
            name: "text-bench",
            dependencies: ["ClinicalText", "Terminology", "Scribe"],
            path: "bench/text/Sources"
        ),
        .testTarget(name: "FHIRCoreTests", dependencies: ["FHIRCore"]),
        .testTarget(name: "FHIRPathTests", dependencies: ["FHIRCore", "FHIRPath", "EvidentTesting"]),
        .testTarget(name: "FHIRSearchTests", dependencies: ["FHIRCore", "FHIRSearch", "EvidentTesting"]),
        .testTarget(name: "FHIRValidationTests", dependencies: ["FHIRCore", "FHIRValidation", "EvidentTesting"]),
        .testTarget(name: "EvidenceTests", dependencies: ["FHIRCore", "Evidence"]),
        .testTarget(name: "TerminologyTests", dependencies: ["Terminology", "EvidentTesting"]),
        .testTarget(name: "ClinicalTextTests", dependencies: ["ClinicalText", "Terminology"], resources: [.copy("Resources")]),
        .testTarget(name: "CodingTests", dependencies: ["Coding", "ClinicalText", "Terminology"]),
        .testTarget(name: "ScribeTests", dependencies: ["Scribe", "ClinicalText", "Terminology"]),
        .testTarget(name: "AfterVisitTests", dependencies: ["AfterVisit", "Coding", "ClinicalText", "Evidence", "Terminology"]),
        .testTarget(name: "OperationsTests", dependencies: ["FHIRCore", "FHIRValidation", "Operations"]),
        .testTarget(
            name: "FHIRStoreTests",
            dependencies: [
                "FHIRCore", "FHIRStore", "FHIRSearch", "EvidentTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "EvidentServerTests",
            dependencies: [
                "FHIRCore", "FHIRStore", "EvidentServer", "EvidentTesting", "Operations", "Evidence", "FHIRValidation", "Scribe", "ClinicalText",
                "Terminology",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
    ]
)
