// swift-tools-version: 6.0
import PackageDescription

/// Release builds optimize across modules so that generic numeric code (cells, the
/// estimator) is specialized for Float and Double where the command line uses it.
let optimized: [SwiftSetting] = [
  .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))
]

let package = Package(
  name: "LyapunovKit",
  platforms: [.macOS(.v13)],
  products: [
    .library(
      name: "LyapunovKit",
      targets: [
        "LinearAlgebra", "TensorIO", "Lyapunov", "RecurrentNets", "Training", "Analysis",
        "Experiments",
        "Report",
      ]),
    .executable(name: "lyap", targets: ["lyap"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CLAPACK",
      providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
    .target(
      name: "LinearAlgebra",
      dependencies: [
        "CLAPACK", "CMalloc", "CVectorKernels",
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      swiftSettings: optimized),
    .target(name: "CVectorKernels"),
    .systemLibrary(name: "CMalloc"),
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
    .target(name: "TensorIO", dependencies: ["CZlib"]),
    .target(
      name: "Lyapunov",
      dependencies: ["LinearAlgebra", .product(name: "RealModule", package: "swift-numerics")],
      swiftSettings: optimized),
    .target(
      name: "RecurrentNets",
      dependencies: [
        "Lyapunov", "LinearAlgebra", "TensorIO",
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      swiftSettings: optimized),
    .target(
      name: "Training",
      dependencies: [
        "RecurrentNets", "Lyapunov", "LinearAlgebra", "TensorIO",
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      swiftSettings: optimized),
    .target(
      name: "Analysis",
      dependencies: [
        "Training", "RecurrentNets", "Lyapunov", "LinearAlgebra", "TensorIO",
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      swiftSettings: optimized),
    .target(
      name: "Experiments",
      dependencies: [
        "Training", "Analysis", "RecurrentNets", "Lyapunov", "LinearAlgebra", "TensorIO",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Yams", package: "Yams"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: optimized),
    .target(name: "Report", dependencies: ["Experiments", "Analysis", "Training", "TensorIO"]),
    .executableTarget(
      name: "lyap",
      dependencies: [
        "Lyapunov", "LinearAlgebra", "TensorIO", "RecurrentNets", "Training", "Analysis",
        "Experiments", "Report",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .target(
      name: "TestSupport",
      dependencies: ["LinearAlgebra", .product(name: "RealModule", package: "swift-numerics")]),
    .executableTarget(
      name: "LyapBench",
      dependencies: [
        "Lyapunov", "LinearAlgebra", "RecurrentNets", "Training", "Analysis", "Experiments",
      ],
      path: "Benchmarks/LyapBench", swiftSettings: optimized),
    .testTarget(name: "LyapCLITests", dependencies: ["lyap", "TensorIO", "Training"]),
    .testTarget(name: "ReportTests", dependencies: ["Report"]),
    .testTarget(
      name: "ExperimentsTests",
      dependencies: [
        "Experiments", "Training", "TensorIO", "TestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .testTarget(
      name: "AnalysisTests",
      dependencies: [
        "Analysis", "Training", "RecurrentNets", "LinearAlgebra", "TestSupport",
        .product(name: "RealModule", package: "swift-numerics"),
      ]),
    .testTarget(
      name: "TrainingTests",
      dependencies: [
        "Training", "RecurrentNets", "Lyapunov", "LinearAlgebra", "TensorIO", "TestSupport",
        .product(name: "RealModule", package: "swift-numerics"),
      ]),
    .testTarget(
      name: "RecurrentNetsTests",
      dependencies: [
        "RecurrentNets", "Lyapunov", "LinearAlgebra", "TensorIO", "TestSupport",
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      exclude: ["Fixtures"]),
    .testTarget(
      name: "LinearAlgebraTests",
      dependencies: [
        "LinearAlgebra", "CVectorKernels", "TestSupport",
        .product(name: "RealModule", package: "swift-numerics"),
      ]),
    .testTarget(name: "TensorIOTests", dependencies: ["TensorIO"], exclude: ["Fixtures"]),
    .testTarget(
      name: "LyapunovTests",
      dependencies: [
        "Lyapunov", "LinearAlgebra", "TestSupport",
        .product(name: "RealModule", package: "swift-numerics"),
      ]),
  ]
)
