//go:build goexperiment.simd && amd64

package memory

import (
	mbits "math/bits"
	"simd/archsimd"
)

// SIMD reports whether the recall kernel uses vector instructions: built
// with GOEXPERIMENT=simd on amd64, it does when the CPU has AVX2.
var SIMD = archsimd.X86.AVX2()

// addRow is the recall kernel: dst += row element-wise, eight float32 lanes
// at a time with AVX2 (four vectors per step), the portable loop otherwise
// and for the tail. Each lane is one IEEE float32 addition, so the result
// is bit-identical to addRowPortable's.
func addRow(dst, row []float32) {
	if !SIMD {
		addRowPortable(dst, row)
		return
	}
	row = row[:len(dst)]
	k := 0
	for ; k+32 <= len(dst); k += 32 {
		d, r := dst[k:k+32:k+32], row[k:k+32:k+32]
		a0 := archsimd.LoadFloat32x8Slice(d[0:8]).Add(archsimd.LoadFloat32x8Slice(r[0:8]))
		a1 := archsimd.LoadFloat32x8Slice(d[8:16]).Add(archsimd.LoadFloat32x8Slice(r[8:16]))
		a2 := archsimd.LoadFloat32x8Slice(d[16:24]).Add(archsimd.LoadFloat32x8Slice(r[16:24]))
		a3 := archsimd.LoadFloat32x8Slice(d[24:32]).Add(archsimd.LoadFloat32x8Slice(r[24:32]))
		a0.StoreSlice(d[0:8])
		a1.StoreSlice(d[8:16])
		a2.StoreSlice(d[16:24])
		a3.StoreSlice(d[24:32])
	}
	for ; k+8 <= len(dst); k += 8 {
		archsimd.LoadFloat32x8Slice(dst[k : k+8]).Add(archsimd.LoadFloat32x8Slice(row[k : k+8])).StoreSlice(dst[k : k+8])
	}
	addRowPortable(dst[k:], row[k:])
}

// argmaxLowest returns the first index of the largest element of s, as
// argmaxLowestPortable does: with AVX2 and len(s) a multiple of 8, the
// largest value by vector maxima (VMAXPS, then shuffles across the lanes),
// then the first lane equal to it; +0 and −0 compare equal there as in the
// portable loop. Slices holding a NaN take the portable loop (VMAXPS does
// not order NaN as it does), so the answer is the same for every input.
func argmaxLowest(s []float32) int {
	if !SIMD || len(s) < 8 || len(s)%8 != 0 {
		return argmaxLowestPortable(s)
	}
	m := archsimd.LoadFloat32x8Slice(s[0:8])
	nan := m.IsNaN()
	for k := 8; k < len(s); k += 8 {
		v := archsimd.LoadFloat32x8Slice(s[k : k+8])
		m = m.Max(v)
		nan = nan.Or(v.IsNaN())
	}
	if nan.ToBits() != 0 {
		return argmaxLowestPortable(s)
	}
	// The largest lane into every lane: swap the 128-bit halves, then the
	// pairs of each half, then neighbours, taking the maximum each time.
	m = m.Max(m.Select128FromPair(1, 0, m))
	m = m.Max(m.SelectFromPairGrouped(2, 3, 4, 5, m))
	m = m.Max(m.SelectFromPairGrouped(1, 0, 5, 4, m))
	for k := 0; k < len(s); k += 8 {
		if bits := archsimd.LoadFloat32x8Slice(s[k : k+8]).Equal(m).ToBits(); bits != 0 {
			return k + mbits.TrailingZeros8(bits)
		}
	}
	return argmaxLowestPortable(s) // cannot happen: bv is one of s
}

// subRow is dst −= row element-wise, with AVX2 when the CPU has it
// (bit-identical to subRowPortable, as addRow is to addRowPortable).
func subRow(dst, row []float32) {
	if !SIMD {
		subRowPortable(dst, row)
		return
	}
	row = row[:len(dst)]
	k := 0
	for ; k+8 <= len(dst); k += 8 {
		archsimd.LoadFloat32x8Slice(dst[k : k+8]).Sub(archsimd.LoadFloat32x8Slice(row[k : k+8])).StoreSlice(dst[k : k+8])
	}
	subRowPortable(dst[k:], row[k:])
}

// addRowPair adds rows a and b to dst, eight lanes at a time with AVX2
// (two vectors per step): dst = (dst + a) + b in each lane, bit-identical to
// addRowPairPortable and so to two addRow passes.
func addRowPair(dst, a, b []float32) {
	if !SIMD {
		addRowPairPortable(dst, a, b)
		return
	}
	a, b = a[:len(dst)], b[:len(dst)]
	k := 0
	for ; k+16 <= len(dst); k += 16 {
		d, p, q := dst[k:k+16:k+16], a[k:k+16:k+16], b[k:k+16:k+16]
		d0 := archsimd.LoadFloat32x8Slice(d[0:8]).Add(archsimd.LoadFloat32x8Slice(p[0:8]))
		d1 := archsimd.LoadFloat32x8Slice(d[8:16]).Add(archsimd.LoadFloat32x8Slice(p[8:16]))
		d0.Add(archsimd.LoadFloat32x8Slice(q[0:8])).StoreSlice(d[0:8])
		d1.Add(archsimd.LoadFloat32x8Slice(q[8:16])).StoreSlice(d[8:16])
	}
	addRowPairPortable(dst[k:], a[k:], b[k:])
}

// addSubRow is dst = (dst + a) − s in each lane with AVX2, bit-identical to
// addSubRowPortable.
func addSubRow(dst, a, s []float32) {
	if !SIMD {
		addSubRowPortable(dst, a, s)
		return
	}
	a, s = a[:len(dst)], s[:len(dst)]
	k := 0
	for ; k+8 <= len(dst); k += 8 {
		sum := archsimd.LoadFloat32x8Slice(dst[k : k+8]).Add(archsimd.LoadFloat32x8Slice(a[k : k+8]))
		sum.Sub(archsimd.LoadFloat32x8Slice(s[k : k+8])).StoreSlice(dst[k : k+8])
	}
	addSubRowPortable(dst[k:], a[k:], s[k:])
}
