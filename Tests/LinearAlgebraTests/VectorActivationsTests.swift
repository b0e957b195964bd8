import CVectorKernels
import Foundation
import LinearAlgebra
import Testing

/// The vectorized Float tanh and sigmoid against the exact values (libm in Double, rounded).
@Suite struct VectorActivationsTests {
  /// A grid over [-30, 30] finer than the polynomial breakpoints, tiny and huge arguments,
  /// and a count that is not a multiple of the lane width (the scalar remainder).
  static let arguments: [Float] = {
    var xs = stride(from: Float(-30), through: 30, by: 0.000_37).map { $0 }
    xs += [0, -0.0, 1e-30, -1e-30, 1e-6, -1e-6, 0.625, -0.625, 0.624_999_9, 88, -88, 1e4, -1e4]
    xs += [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity]
    return xs
  }()

  func applied(_ kernel: (UnsafeMutableBufferPointer<Float>) -> Void) -> [Float] {
    var values = Self.arguments
    values.withUnsafeMutableBufferPointer { kernel($0) }
    return values
  }

  /// Largest error in units of the exact value's last place; below the normal range, in
  /// units of the smallest normal (the kernels flush such results towards zero).
  func maxULPError(_ got: [Float], exact: (Double) -> Double) -> Double {
    zip(Self.arguments, got).map { x, y in
      let e = exact(Double(x))
      let ulp = max(Double(Float(abs(e)).ulp), Double(Float.leastNormalMagnitude))
      return abs(Double(y) - e) / ulp
    }.max()!
  }

  @Test func tanhIsWithinFourULP() {
    let got = applied(Float.applyTanh)
    #expect(maxULPError(got, exact: Foundation.tanh) <= 4)
    #expect(got[Self.arguments.firstIndex(of: .infinity)!] == 1)
    #expect(got[Self.arguments.firstIndex(of: -.infinity)!] == -1)
    #expect(got[Self.arguments.firstIndex(of: 1e-30)!] == 1e-30)
    var zeros: [Float] = [0.0, -0.0]
    zeros.withUnsafeMutableBufferPointer { Float.applyTanh($0) }
    #expect(zeros[0].sign == .plus && zeros[1].sign == .minus)  // tanh keeps the sign of 0
  }

  @Test func sigmoidIsWithinFourULP() {
    let got = applied(Float.applySigmoid)
    #expect(maxULPError(got, exact: { 1 / (1 + Foundation.exp(-$0)) }) <= 4)
    #expect(got[Self.arguments.firstIndex(of: .infinity)!] == 1)
    #expect(got[Self.arguments.firstIndex(of: -.infinity)!] < 1e-37)
    #expect(got[Self.arguments.firstIndex(of: 0)!] == 0.5)
  }

  /// The vector loop and its scalar remainder round identically: an argument gives the same
  /// result at every position of a buffer whose length is not a multiple of any lane width.
  @Test(arguments: [Float(0.3), 2.5, -7, 40])
  func resultDoesNotDependOnPosition(_ x: Float) {
    for kernel in [Float.applyTanh, Float.applySigmoid] {
      var values = [Float](repeating: x, count: 37)
      values.withUnsafeMutableBufferPointer { kernel($0) }
      #expect(Set(values).count == 1)
    }
  }

  /// Every instruction-set level this processor runs (baseline, AVX2, AVX-512) gives
  /// bit-identical results, so Float training is reproducible across x86-64 machines. Only
  /// the levels of the machine running the tests are compared (all three on ours).
  @Test func levelsAgreeBitForBit() {
    var arguments = Self.arguments
    arguments.append(.nan)
    for (name, kernel) in [("tanh", lk_tanh_f32_at), ("sigmoid", lk_sigmoid_f32_at)] {
      var baseline = arguments
      kernel(0, &baseline, baseline.count)
      for level in 0...lk_activation_level() {
        var got = arguments
        kernel(level, &got, got.count)
        #expect(Self.differingBits(got, baseline) == 0, "\(name) at level \(level)")
      }
    }
    var viaSwift = arguments
    viaSwift.withUnsafeMutableBufferPointer { Float.applyTanh($0) }
    var widest = arguments
    lk_tanh_f32_at(lk_activation_level(), &widest, widest.count)
    #expect(Self.differingBits(viaSwift, widest) == 0)
  }

  /// How many elements of `a` and `b` differ in any bit.
  static func differingBits(_ a: [Float], _ b: [Float]) -> Int {
    zip(a, b).filter { $0.bitPattern != $1.bitPattern }.count
  }

  @Test func nanPropagates() {
    var values: [Float] = [1, .nan, -2]
    values.withUnsafeMutableBufferPointer { Float.applyTanh($0) }
    #expect(values[1].isNaN && !values[0].isNaN)
    values = [.nan]
    values.withUnsafeMutableBufferPointer { Float.applySigmoid($0) }
    #expect(values[0].isNaN)
  }

  @Test func doubleMatchesLibm() {
    var values: [Double] = [-3, -0.1, 0, 0.7, 20]
    let exact = values.map { Foundation.tanh($0) }
    values.withUnsafeMutableBufferPointer { Double.applyTanh($0) }
    #expect(values == exact)
    values = [-3, 0, 5]
    values.withUnsafeMutableBufferPointer { Double.applySigmoid($0) }
    #expect(values == [-3.0, 0, 5].map { 1 / (1 + Foundation.exp(-$0)) })
  }
}

/// The vectorized Double tanh against libm and across instruction-set levels.
@Suite struct VectorDoubleTanhTests {
  /// A grid over [-30, 30] with odd steps, tiny, subnormal and huge arguments, an odd count.
  static let arguments: [Double] = {
    var xs = stride(from: -30.0, through: 30, by: 0.000_731).map { $0 }
    xs += [0, -0.0, 1e-300, -1e-300, 5e-324, 1e-9, 0.34, 0.35, 19.06, 19.07, 20, 20.5, 1e300]
    xs += [-.greatestFiniteMagnitude, .infinity, -.infinity]
    return xs
  }()

  /// Largest error in units of the last place of libm's value (libm's tanh is itself
  /// within 1 ulp, so the bound against the exact value is one more).
  @Test func withinThreeULPOfLibm() {
    var got = Self.arguments
    got.withUnsafeMutableBufferPointer { Double.applyVectorTanh($0) }
    let errors = zip(Self.arguments, got).map { x, y in
      let e = Foundation.tanh(x)
      return abs(y - e) / max(abs(e).ulp, Double.leastNonzeroMagnitude)
    }
    #expect(errors.max()! <= 3, "max error \(errors.max()!) ulp")
    #expect(got[Self.arguments.firstIndex(of: .infinity)!] == 1)
    #expect(got[Self.arguments.firstIndex(of: -.infinity)!] == -1)
    #expect(got[Self.arguments.firstIndex(of: 5e-324)!] == 5e-324)
    var zeros = [0.0, -0.0]
    zeros.withUnsafeMutableBufferPointer { Double.applyVectorTanh($0) }
    #expect(zeros[0].sign == .plus && zeros[1].sign == .minus)  // tanh keeps the sign of 0
  }

  @Test func levelsAgreeBitForBitAndNaNPropagates() {
    var arguments = Self.arguments
    arguments.append(.nan)
    var baseline = arguments
    lk_tanh_f64_at(0, &baseline, baseline.count)
    #expect(baseline.last!.isNaN)
    for level in 0...lk_activation_level() {
      var got = arguments
      lk_tanh_f64_at(level, &got, got.count)
      #expect(zip(got, baseline).filter { $0.bitPattern != $1.bitPattern }.isEmpty, "\(level)")
    }
    for x in [0.2, -3.3, 17.0] {
      var values = [Double](repeating: x, count: 37)
      values.withUnsafeMutableBufferPointer { Double.applyVectorTanh($0) }
      #expect(Set(values).count == 1)
    }
  }
}
