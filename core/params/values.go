package params

import (
	"fmt"
	"math"
	"strings"
)

// Values is one configuration: a value for every parameter of a table,
// always inside its domain. The zero Values is unusable; get one from
// [Table.Defaults] or [Table.Decode]. Values is a small value type: copy it
// with [Values.Clone] before changing a copy independently.
type Values struct {
	t *Table
	x []float64
}

// Table returns the table the values belong to.
func (v Values) Table() *Table { return v.t }

// Clone returns an independent copy.
func (v Values) Clone() Values {
	return Values{t: v.t, x: append([]float64(nil), v.x...)}
}

// Equal reports whether both records hold the same values of the same table.
func (v Values) Equal(o Values) bool {
	if v.t != o.t || len(v.x) != len(o.x) {
		return false
	}
	for i := range v.x {
		if v.x[i] != o.x[i] {
			return false
		}
	}
	return true
}

func (v Values) idx(name string) int {
	i, ok := v.t.index[name]
	if !ok {
		panic("params: no parameter " + name)
	}
	return i
}

// Has reports whether the table has the named parameter.
func (v Values) Has(name string) bool {
	_, ok := v.t.index[name]
	return ok
}

// Get returns the raw value (a choice's index, a bool's 0/1). It panics on an
// unknown name: names in lab code are constants checked by the lab's tests.
func (v Values) Get(name string) float64 { return v.x[v.idx(name)] }

// Int returns an Int parameter (or any numeric one, truncated).
func (v Values) Int(name string) int { return int(v.Get(name)) }

// Float returns a numeric parameter.
func (v Values) Float(name string) float64 { return v.Get(name) }

// Bool returns a Bool parameter.
func (v Values) Bool(name string) bool { return v.Get(name) != 0 }

// Choice returns the id chosen for a Choice parameter.
func (v Values) Choice(name string) string {
	i := v.idx(name)
	return v.t.params[i].Choices[int(v.x[i])]
}

// Differs reports whether any of the named values differs between v and
// old. Labs use it to recompute only what a change of configuration touches.
func (v Values) Differs(old Values, names ...string) bool {
	for _, n := range names {
		if old.Get(n) != v.Get(n) {
			return true
		}
	}
	return false
}

// Multi returns the ids chosen in a Multi parameter, in table order.
func (v Values) Multi(name string) []string {
	i := v.idx(name)
	p := v.t.params[i]
	var ids []string
	for k, c := range p.Choices {
		if uint64(v.x[i])&(1<<k) != 0 {
			ids = append(ids, c)
		}
	}
	return ids
}

// Text returns the canonical text form of a value, as written in permalinks.
func (v Values) Text(name string) string {
	i := v.idx(name)
	return v.t.params[i].format(v.x[i])
}

// Set stores a number (a choice's index, 0/1 for a bool) after clamping it to
// the parameter's domain, then applies the table's constraints. It returns
// notices describing every value that was changed from what was asked.
func (v *Values) Set(name string, x float64) ([]string, error) {
	i, ok := v.t.index[name]
	if !ok {
		return nil, fmt.Errorf("unknown setting %q", name)
	}
	p := v.t.params[i]
	var notes []string
	c := p.clamp(x)
	if c != x && !(p.Type == Int && math.Abs(c-x) < 0.5 && x >= p.Min && x <= p.Max) {
		notes = append(notes, clampNote(p, x, c))
	}
	v.x[i] = c
	return append(notes, v.constrain()...), nil
}

// SetText parses the text form of a value (as in a permalink or an HTML
// control) and stores it like [Values.Set]. A value that does not parse
// leaves the parameter unchanged and returns an error.
func (v *Values) SetText(name, s string) ([]string, error) {
	i, ok := v.t.index[name]
	if !ok {
		return nil, fmt.Errorf("unknown setting %q", name)
	}
	p := v.t.params[i]
	x, err := p.parse(s)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", p.Name, err)
	}
	return v.Set(name, x)
}

// SetChoice selects a choice by id.
func (v *Values) SetChoice(name, id string) ([]string, error) { return v.SetText(name, id) }

// Clamp re-applies every domain and the table's constraints, returning the
// notices. Values from Defaults, Set and Decode are already clamped.
func (v *Values) Clamp() []string {
	var notes []string
	for i, p := range v.t.params {
		if c := p.clamp(v.x[i]); c != v.x[i] {
			notes = append(notes, clampNote(p, v.x[i], c))
			v.x[i] = c
		}
	}
	return append(notes, v.constrain()...)
}

func (v *Values) constrain() []string {
	if v.t.Constrain == nil {
		return nil
	}
	notes := v.t.Constrain(v)
	// A constraint must itself leave values in their domains.
	for i, p := range v.t.params {
		v.x[i] = p.clamp(v.x[i])
	}
	return notes
}

func clampNote(p Param, x, c float64) string {
	switch {
	case p.Type != Choice && p.Type != Bool && x < p.Min:
		return fmt.Sprintf("%s=%s is below the minimum; using %s.", p.Name, fmtRaw(x), p.format(c))
	case p.Type != Choice && p.Type != Bool && x > p.Max:
		return fmt.Sprintf("%s=%s is above the maximum; using %s.", p.Name, fmtRaw(x), p.format(c))
	}
	return fmt.Sprintf("%s=%s was rounded to %s.", p.Name, fmtRaw(x), p.format(c))
}

func fmtRaw(x float64) string { return fmt.Sprintf("%.6g", x) }

// Map returns the values by name as JSON-friendly Go values: int for Int,
// float64 for Float, bool for Bool and the id string for Choice. The panel
// and window.hebbplay.getState() see configurations in this form.
func (v Values) Map() map[string]any {
	m := make(map[string]any, len(v.x))
	for i, p := range v.t.params {
		switch p.Type {
		case Int:
			m[p.Name] = int(v.x[i])
		case Float:
			m[p.Name] = v.x[i]
		case Bool:
			m[p.Name] = v.x[i] != 0
		case Choice:
			m[p.Name] = p.Choices[int(v.x[i])]
		case Multi:
			m[p.Name] = p.format(v.x[i])
		}
	}
	return m
}

// SetAny stores a JSON-like value (float64/int/bool/string) as produced by
// JavaScript or a JSON decoder: numbers are clamped, strings are parsed as
// text, booleans become 0/1 (or "true"/"false" for choices). It never panics.
func (v *Values) SetAny(name string, a any) ([]string, error) {
	switch x := a.(type) {
	case float64:
		return v.setNumber(name, x)
	case float32:
		return v.setNumber(name, float64(x))
	case int:
		return v.setNumber(name, float64(x))
	case int64:
		return v.setNumber(name, float64(x))
	case bool:
		if x {
			return v.SetText(name, "true")
		}
		return v.SetText(name, "false")
	case string:
		return v.SetText(name, x)
	}
	return nil, fmt.Errorf("%s: unsupported value %v", name, a)
}

// setNumber treats a number given for a Choice as the choice's index only
// when it is a valid index; otherwise it is an error, not a silent clamp.
func (v *Values) setNumber(name string, x float64) ([]string, error) {
	p, ok := v.t.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("unknown setting %q", name)
	}
	if math.IsNaN(x) {
		return nil, fmt.Errorf("%s: not a number", name)
	}
	if p.Type == Multi {
		return nil, fmt.Errorf("%s: give a comma-separated list of %s", name, strings.Join(p.Choices, ", "))
	}
	if p.Type == Choice && (x != math.Trunc(x) || x < 0 || int(x) >= len(p.Choices)) {
		return nil, fmt.Errorf("%s: %g is not a choice index", name, x)
	}
	return v.Set(name, x)
}
