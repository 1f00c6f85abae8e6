package params

import (
	"fmt"
	"math"
)

// SampleValues returns, for one parameter, a handful of valid raw values that
// exercise its domain: both bounds, the default, points between, every choice.
func (t *Table) SampleValues(name string) []float64 {
	p, ok := t.Lookup(name)
	if !ok {
		return nil
	}
	var xs []float64
	switch p.Type {
	case Int, Float:
		xs = []float64{p.Min, p.Max, p.clamp((p.Min + p.Max) / 2), p.clamp(p.Min + (p.Max-p.Min)/7)}
	case Bool:
		xs = []float64{0, 1}
	case Choice:
		for i := range p.Choices {
			xs = append(xs, float64(i))
		}
	case Multi:
		for i := range p.Choices {
			xs = append(xs, float64(uint64(1)<<i))
		}
		xs = append(xs, float64(uint64(1)<<len(p.Choices)-1))
	}
	xs = append(xs, t.def[t.index[name]])
	for i := range xs {
		xs[i] = p.clamp(xs[i])
	}
	return xs
}

// CheckRoundTrip verifies that every sample value of every parameter survives
// Encode then Decode unchanged and without notices (for values the table's
// constraints leave alone). Lab packages call it from their tests so that each
// lab's own table is covered; it returns one error per failure.
func (t *Table) CheckRoundTrip() []error {
	var errs []error
	for _, p := range t.params {
		for _, x := range t.SampleValues(p.Name) {
			v := t.Defaults()
			if _, err := v.Set(p.Name, x); err != nil {
				errs = append(errs, err)
				continue
			}
			hide := []string{}
			if p.Hideable {
				hide = append(hide, p.Name)
			}
			s := t.Encode(v, hide, KV{"lab", "x"})
			l := t.Decode(s, "lab")
			if !l.Values.Equal(v) {
				errs = append(errs, fmt.Errorf("%s=%v: %q decoded to %v", p.Name, x, s, l.Values.Map()))
			}
			if len(l.Notices) > 0 {
				errs = append(errs, fmt.Errorf("%s=%v: notices %q", p.Name, x, l.Notices))
			}
			if len(l.Hidden) != len(hide) {
				errs = append(errs, fmt.Errorf("%s: hidden %v, want %v", p.Name, l.Hidden, hide))
			}
			if t.Encode(l.Values, l.Hidden, KV{"lab", "x"}) != s {
				errs = append(errs, fmt.Errorf("%s=%v: encoding not stable", p.Name, x))
			}
		}
	}
	return errs
}

// InDomain reports whether every value lies in its parameter's domain; the
// fuzz test and lab tests use it as an invariant.
func (v Values) InDomain() error {
	for i, p := range v.t.params {
		x := v.x[i]
		if math.IsNaN(x) || math.IsInf(x, 0) || p.clamp(x) != x {
			return fmt.Errorf("%s=%v is outside its domain", p.Name, x)
		}
	}
	return nil
}
