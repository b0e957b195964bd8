import LinearAlgebra
import Training

/// The AeLLE objective's gradient over the workspace's buffers (see ``AeLLEWorkspace``):
/// `delta = dL/dz` layer by layer from the output errors, `W^T delta` and `1 - a^2` on
/// column halves, the weight gradients `delta x^T` on row halves.
extension AeLLEWorkspace {
  /// `g = W^T delta` for `slot`'s weight on `columns` (`g` has `slot.columns` rows).
  private func backThrough(
    _ slot: Slot, _ delta: UnsafePointer<S>, into g: UnsafeMutablePointer<S>, columns: Range<Int>
  ) {
    S.gemm(
      transA: true, transB: false, m: slot.columns, n: columns.count, k: slot.rows, alpha: 1,
      a: theta + slot.offset, lda: slot.rows, b: delta + columns.lowerBound * slot.rows,
      ldb: slot.rows, beta: 0, c: g + columns.lowerBound * slot.columns, ldc: slot.columns)
  }

  /// `delta *= 1 - a^2` on `columns` (`rows` rows) with the row sums of the result in `sums`.
  private func tanhDerivative(
    _ delta: UnsafeMutablePointer<S>, output a: UnsafePointer<S>, rows: Int,
    columns: Range<Int>, sums: UnsafeMutablePointer<S>
  ) {
    for i in 0..<rows { sums[i] = 0 }
    let o = columns.lowerBound * rows
    S.tanhBackward(
      delta + o, output: a + o, rows: rows, columns: columns.count, addingRowSumsTo: sums)
  }

  /// `slot`'s weight gradient `delta source^T` over `columns` only, into `sums` at the
  /// weight's offset (one half's share; the halves are added afterwards).
  private func partialWeightGradient(
    _ slot: Slot, _ delta: UnsafePointer<S>, _ source: UnsafePointer<S>, columns: Range<Int>,
    into sums: UnsafeMutablePointer<S>
  ) {
    S.gemm(
      transA: false, transB: true, m: slot.rows, n: slot.columns, k: columns.count, alpha: 1,
      a: delta + columns.lowerBound * slot.rows, lda: slot.rows,
      b: source + columns.lowerBound * slot.columns, ldb: slot.columns, beta: 0,
      c: sums + slot.offset, ldc: slot.rows)
  }

  /// The losses at the current parameters on the training columns (after
  /// ``forwardEncoder()``) and their gradient (of `reconstruction + alpha * prediction`)
  /// into ``gradient``.
  ///
  /// Two passes on two threads: the first takes half the columns each and computes that
  /// half's whole gradient (the decoder forward, the output errors, every `W^T delta` and
  /// `1 - a^2`, then the weight gradients `delta x^T` over its columns while they are in
  /// cache, with the bias and head sums) into its own buffer; the second adds the two
  /// halves, each thread half of the parameters. Splitting the weight gradients by columns
  /// rather than rows lets each thread pack only its half of the operands: it was about a
  /// tenth faster at hidden 256.
  func lossesAndGradient(alpha: Double, norm: LossKind) -> AeLLEModel.Losses {
    let scale = S(2) / S(max(1, k * n))
    let predictionScale = S(alpha) / S(max(1, n))
    inHalves { part in
      let columns = Self.half(part, of: n)
      let sums = partials + part * count
      for i in decoder1.bias..<decoder1.end { sums[i] = 0 }
      for i in head.offset..<head.end { sums[i] = 0 }
      dense(decoder0, z, a3, columns: columns, tanh: true)
      dense(decoder1, a3, y, columns: columns, tanh: false)
      // dy = 2 (y - x) / (k n) overwrites y; dp = alpha sign(p - t) / n, or alpha 2 (p - t) / n,
      // overwrites p's training columns.
      let o = columns.lowerBound * k
      let reconstruction = S.scaledError(
        y + o, minus: input + o, rows: k, columns: columns.count, scale: scale,
        addingRowSumsTo: sums + decoder1.bias)
      var prediction = 0.0
      for j in columns {
        let e = p[j] - targets[j]
        prediction += norm == .mae ? Double(abs(e)) : Double(e * e)
        p[j] = predictionScale * (norm == .mae ? (e > 0 ? 1 : (e < 0 ? -1 : 0)) : 2 * e)
      }
      lossSums[2 * part] = reconstruction
      lossSums[2 * part + 1] = prediction
      guard !columns.isEmpty else {
        for i in 0..<count { sums[i] = 0 }
        return
      }
      backThrough(decoder1, y, into: a3Delta, columns: columns)
      tanhDerivative(
        a3Delta, output: a3, rows: decoder0.rows, columns: columns, sums: sums + decoder0.bias)
      backThrough(decoder0, a3Delta, into: zDelta, columns: columns)
      // The head: its gradient sums and its share of dL/dz (a rank-one update).
      let d = head.columns
      for j in columns {
        sums[head.bias] += p[j]
        for i in 0..<d {
          sums[head.offset + i] += p[j] * z[i + j * d]
          zDelta[i + j * d] += theta[head.offset + i] * p[j]
        }
      }
      tanhDerivative(zDelta, output: z, rows: d, columns: columns, sums: sums + encoder1.bias)
      backThrough(encoder1, zDelta, into: a1Delta, columns: columns)
      tanhDerivative(
        a1Delta, output: a1, rows: encoder0.rows, columns: columns, sums: sums + encoder0.bias)
      partialWeightGradient(decoder1, y, a3, columns: columns, into: sums)
      partialWeightGradient(decoder0, a3Delta, z, columns: columns, into: sums)
      partialWeightGradient(encoder1, zDelta, a1, columns: columns, into: sums)
      partialWeightGradient(encoder0, a1Delta, input, columns: columns, into: sums)
    }
    inHalves { part in
      for i in Self.half(part, of: count) { gradient[i] = partials[i] + partials[count + i] }
    }
    return AeLLEModel.Losses(
      reconstruction: (lossSums[0] + lossSums[2]) / Double(max(1, k * n)),
      prediction: (lossSums[1] + lossSums[3]) / Double(max(1, n)))
  }
}
