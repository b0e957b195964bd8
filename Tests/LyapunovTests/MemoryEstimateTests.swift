import LinearAlgebra
import Testing

@testable import Lyapunov

/// The estimator's memory estimate counts the QR steps without listing them and names the
/// setting that makes a run large.
@Suite struct EstimatorMemoryTests {
  @Test(arguments: [(10, 1), (10, 3), (9, 3), (1, 5), (100, 7)])
  func qrStepCountEqualsTheListedSteps(steps: Int, interval: Int) {
    let config = EstimatorConfiguration(steps: steps, qrInterval: interval)
    #expect(config.qrStepCount == config.qrSteps.count)
  }

  @Test func namesTheLargestPart() {
    func name(_ config: EstimatorConfiguration, n: Int = 2) -> String? {
      do {
        try config.checkMemory(dimension: n, exponents: n)
        return nil
      } catch let error as InsufficientMemoryError {
        return error.name
      } catch {
        return "\(error)"
      }
    }
    #expect(name(EstimatorConfiguration(batch: 1 << 40, steps: 1)) == "batch")
    #expect(name(EstimatorConfiguration(steps: 1 << 50, recordR: true)) == "steps")
    #expect(name(EstimatorConfiguration(steps: 1 << 50)) == nil)  // nothing recorded
    #expect(
      name(EstimatorConfiguration(batch: 1 << 20, steps: 100, qSteps: Array(0..<100)), n: 1 << 10)
        == "q-steps")
  }
}
