import LinearAlgebra
import TensorIO

/// The Lorenz-96 model as a built-in signal: a chaotic, high-dimensional benchmark for
/// next-frame prediction that needs no data file.
///
/// `dx_i/dt = (x_{i+1} - x_{i-2}) x_{i-1} - x_i + F`, indices cyclic mod D (Lorenz 1996).
/// The advection term conserves the energy `sum x_i^2 / 2`, so along a stationary orbit
/// `mean(x_i^2) = F mean(x_i)`; for F = 8 the orbit is chaotic with `mean(x_i)` about 2.3.
extension SignalDataset {
  /// A next-frame dataset over a generated Lorenz-96 trajectory
  /// (see ``lorenz96Trajectory(dimensions:forcing:steps:sampleEvery:dt:transient:seed:)``).
  public static func lorenz96(
    dimensions: Int = 20, forcing: Double = 8, steps: Int = 20000, sampleEvery: Int = 5,
    dt: Double = 0.01, seed: UInt64, sequenceLength: Int = 100,
    splits: (train: Double, validation: Double) = (0.8, 0.1)
  ) throws -> SignalDataset {
    let trajectory = try lorenz96Trajectory(
      dimensions: dimensions, forcing: forcing, steps: steps, sampleEvery: sampleEvery, dt: dt,
      seed: seed)
    return try SignalDataset(
      array: trajectory, sequenceLength: sequenceLength, splits: splits,
      source: "the Lorenz-96 signal (\(trajectory.shape[0]) frames)")
  }

  /// A raw (unnormalized) Lorenz-96 trajectory of shape `[steps / sampleEvery, dimensions]`.
  ///
  /// Starts from `x_i = F + 0.01 z_i` with `z_i` standard normal from
  /// `SeededGenerator(seed:)` (the fixed point `x = F` perturbed), integrates with classical
  /// RK4 at step `dt`, discards `transient` integration steps, then runs `steps` more and
  /// records the state after every `sampleEvery`-th of them. Frames are `sampleEvery * dt`
  /// time units apart.
  ///
  /// - Throws: ``DataError/invalidOption(name:value:hint:)`` for dimensions below 4, a
  ///   non-finite forcing, a non-positive or non-finite `dt`, `sampleEvery` below 1, `steps`
  ///   below `sampleEvery`, a negative transient, or a trajectory that diverges (`dt` too large).
  public static func lorenz96Trajectory(
    dimensions: Int = 20, forcing: Double = 8, steps: Int = 20000, sampleEvery: Int = 5,
    dt: Double = 0.01, transient: Int = 1000, seed: UInt64
  ) throws -> NDArray<Double> {
    func invalid(_ name: String, _ value: Any, _ hint: String) -> DataError {
      .invalidOption(name: name, value: "\(value)", hint: hint)
    }
    guard dimensions >= 4 else {
      throw invalid(
        "Lorenz-96 dimensions", dimensions, "the model couples x_{i-2} ... x_{i+1}; use 4 or more")
    }
    guard forcing.isFinite else { throw invalid("forcing", forcing, "use a finite value, e.g. 8") }
    guard dt.isFinite, dt > 0 else {
      throw invalid("dt", dt, "the time step must be positive and finite (0.01 is usual)")
    }
    guard sampleEvery >= 1 else {
      throw invalid("sampleEvery", sampleEvery, "record every 1 or more integration steps")
    }
    guard steps >= sampleEvery else {
      throw invalid(
        "steps", steps, "at least sampleEvery (\(sampleEvery)) integration steps give one frame")
    }
    guard transient >= 0 else { throw invalid("transient", transient, "use 0 or more steps") }

    var generator = SeededGenerator(seed: seed)
    var x = (0..<dimensions).map { _ in forcing + 0.01 * generator.nextNormal() }
    var integrator = Lorenz96RK4(dimensions: dimensions, forcing: forcing, dt: dt)
    let frames = steps / sampleEvery
    var data: [Double] = []
    data.reserveCapacity(frames * dimensions)
    for step in 1...(transient + frames * sampleEvery) {
      integrator.step(&x)
      guard x.allSatisfy(\.isFinite) else {
        throw invalid(
          "dt", dt,
          "the Lorenz-96 integration diverged at step \(step); use a smaller time step "
            + "(0.01 is stable for F = 8)")
      }
      if step > transient && (step - transient) % sampleEvery == 0 { data += x }
    }
    return try NDArray(shape: [frames, dimensions], data: data)
  }
}

/// Classical fourth-order Runge–Kutta for Lorenz-96, with its stage buffers allocated once.
private struct Lorenz96RK4 {
  let dimensions: Int
  let forcing: Double
  let dt: Double
  var k1, k2, k3, k4, stage: [Double]

  init(dimensions: Int, forcing: Double, dt: Double) {
    self.dimensions = dimensions
    self.forcing = forcing
    self.dt = dt
    k1 = [Double](repeating: 0, count: dimensions)
    (k2, k3, k4, stage) = (k1, k1, k1, k1)
  }

  /// `dx/dt` at `x` into `out`.
  static func derivative(_ x: [Double], forcing: Double, into out: inout [Double]) {
    let n = x.count
    for i in 0..<n {
      let next = x[(i + 1) % n]
      let previous = x[(i + n - 1) % n]
      let previous2 = x[(i + n - 2) % n]
      out[i] = (next - previous2) * previous - x[i] + forcing
    }
  }

  /// Advances `x` by one step `dt`.
  mutating func step(_ x: inout [Double]) {
    Self.derivative(x, forcing: forcing, into: &k1)
    for i in 0..<dimensions { stage[i] = x[i] + 0.5 * dt * k1[i] }
    Self.derivative(stage, forcing: forcing, into: &k2)
    for i in 0..<dimensions { stage[i] = x[i] + 0.5 * dt * k2[i] }
    Self.derivative(stage, forcing: forcing, into: &k3)
    for i in 0..<dimensions { stage[i] = x[i] + dt * k3[i] }
    Self.derivative(stage, forcing: forcing, into: &k4)
    for i in 0..<dimensions { x[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) }
  }
}
