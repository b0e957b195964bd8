import ArgumentParser
import LinearAlgebra

/// The `lyap` command: Lyapunov spectra of driven dynamical systems and recurrent networks.
@main
struct Lyap: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lyap",
    abstract: "Lyapunov exponents of recurrent neural networks and reference dynamical systems.",
    discussion: """
      Exponents are natural-log growth rates: nats per step for maps and networks, nats per \
      unit time for flows (Lorenz). They are listed in QR column order, largest first for \
      typical systems.
      """,
    version: LyapVersion.text,
    subcommands: [
      SpectrumCommand.self, InitCommand.self, TrainCommand.self, ForceCommand.self,
      GradientsCommand.self, PerturbCommand.self, PlotCommand.self, AnalyzeCommand.self,
      SweepCommand.self, ReportCommand.self,
    ])

  /// Switches OpenBLAS to the processor's native kernels when it fell back to SSE3 ones
  /// (see ``BLASKernels``), then parses and runs the command; a failed write to standard
  /// output makes the exit status 1.
  static func main() {
    BLASKernels.useNativeKernels()
    AllocatorTuning.reuseFreedMemory()
    OutputFile.failOnUnwrittenStandardOutput()
    main(NegativeNumberArguments.rewrite(Array(CommandLine.arguments.dropFirst())))
  }
}
