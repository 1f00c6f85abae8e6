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

// subRow is dst −= row element-wise (the portable loop).
func subRow(dst, row []float32) { subRowPortable(dst, row) }

// SIMD reports whether the recall kernel uses vector instructions.
const SIMD = false
