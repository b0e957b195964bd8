import Foundation
import Testing

@testable import Report

/// The AeLLE plane coloured by each hyperparameter column of networks.csv: a continuous
/// scale for numbers, one legend entry per category for text.
@Suite struct AnalysisParameterPlaneTests {
  @Test func planesPerHyperparameter() throws {
    let folder = try AnalysisFiguresTests.writeFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let csv = """
      id,loss,label,mean_le,max_le,raw_pc1,raw_pc2,aelle_pc1,aelle_pc2,role,param_g,param_arch
      0,0.1,good,-0.5,0.1,1,0,-1,0.5,train,1.2,lstm
      1,0.9,bad,-0.1,0.4,2,1,0,-0.5,train,1.5,gru
      2,0.2,good,-0.4,0.2,3,2,1,1.5,test,1.8,lstm
      3,0.8,bad,0,0.5,4,3,2,1,validation,2.0,rnn

      """
    try csv.write(
      to: folder.appendingPathComponent("networks.csv"), atomically: true, encoding: .utf8)
    let results = try AnalysisResults(folder: folder)
    #expect(results.parameters.map(\.name) == ["arch", "g"])
    let names = AnalysisFigures(results).figures().map(\.name)
    #expect(
      names.prefix(4) == [
        "aelle-plane.svg", "aelle-plane-by-loss.svg", "aelle-plane-by-arch.svg",
        "aelle-plane-by-g.svg",
      ])
    let arch = try AnalysisFiguresTests.parsed("aelle-plane-by-arch.svg", in: folder)
    // Three categories in order of first appearance, each a legend entry.
    for category in ["lstm", "gru", "rnn"] { #expect(arch.texts.contains(category)) }
    #expect(arch.texts.contains("AeLLE plane, coloured by arch"))
    let g = try AnalysisFiguresTests.parsed("aelle-plane-by-g.svg", in: folder)
    // A continuous scale over the values 1.2 ... 2.0.
    #expect(g.texts.contains("g 1.2") && g.texts.contains("g 2.0"))
  }
}
