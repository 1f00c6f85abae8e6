//go:build !(goexperiment.simd && amd64)

package memory

// addRow is the recall kernel: dst += row element-wise (the portable loop).
func addRow(dst, row []float32) { addRowPortable(dst, row) }

// argmaxLowest is argmaxLowestKeys where branchFree is set, and
// argmaxLowestPortable elsewhere; both give the same index.
func argmaxLowest(s []float32) int {
	if branchFree {
		return argmaxLowestKeys(s)
	}
	return argmaxLowestPortable(s)
}

// addRowPair is dst += a + b element-wise (the portable loop).
func addRowPair(dst, a, b []float32) { addRowPairPortable(dst, a, b) }

// addSubRow is dst += a − s element-wise (the portable loop).
func addSubRow(dst, a, s []float32) { addSubRowPortable(dst, a, s) }

// subRow is dst −= row element-wise (the portable loop).
func subRow(dst, row []float32) { subRowPortable(dst, row) }

// SIMD reports whether the recall kernel uses vector instructions.
const SIMD = false
