package params

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Type is the kind of value a parameter holds.
type Type int

const (
	// Int is an integer in [Min, Max] on a grid of Step from Min.
	Int Type = iota
	// Float is a real number in [Min, Max], rounded to Step when Step > 0.
	Float
	// Bool is true or false, encoded as 1 or 0.
	Bool
	// Choice is one of a fixed list of string ids.
	Choice
	// Multi is a set of ids from a fixed list (at most MaxMulti), held as a
	// bit mask (bit i set: Choices[i] chosen) and written as a comma list in
	// table order, e.g. "hebb,bcpnn". The empty set is allowed only when the
	// default is empty.
	Multi
)

// MaxMulti is the largest number of choices of a Multi parameter: masks up
// to 2^52 are exact in a float64.
const MaxMulti = 52

// String returns the type's name as used in the schema handed to the panel.
func (t Type) String() string {
	switch t {
	case Int:
		return "int"
	case Float:
		return "float"
	case Bool:
		return "bool"
	case Choice:
		return "choice"
	case Multi:
		return "multi"
	}
	return "unknown"
}

// Param declares one tunable value. A table is a list of these, one per line.
type Param struct {
	// Name is the key in permalinks and saved configs and the HTML control's
	// name attribute. Letters, digits and '_' only; never ends in "_hide".
	Name string
	// Label is the short human-readable caption of the control.
	Label string
	// Type is the kind of value.
	Type Type
	// Min and Max bound Int and Float values (inclusive).
	Min, Max float64
	// Step is the grid of Int values (default 1) and the rounding of Float
	// values (0 = no rounding).
	Step float64
	// Choices lists the ids a Choice parameter accepts, in display order.
	Choices []string
	// ChoiceLabels optionally gives a display label per choice (same length).
	ChoiceLabels []string
	// Default is the default value in its text form ("8", "0.5", "true", "bcpnn").
	Default string
	// Unit is shown after the value ("steps/s"); may be empty.
	Unit string
	// Help is shown on hover and focus; one or two sentences.
	Help string
	// Group gathers controls under a heading in the panel.
	Group string
	// Hideable marks parameters that classroom links may hide (name_hide=1).
	Hideable bool
	// Scale is how the panel's slider maps its position to an Int or Float
	// value: Linear (the default) or Log, for ranges over two decades. The
	// number field beside the slider still takes any value in range.
	Scale Scale
	// Named, when not empty, names the value Min of an Int or Float
	// parameter ("random" for a target of −1): the panel offers it as its
	// own choice beside the number, whose range then starts one Step above
	// Min. Permalinks keep the number.
	Named string
	// ShowIf, when not empty, is a condition "other=value" (or
	// "other=value1|value2"): the control is only shown while it holds.
	// Conditions combine with "&" (all must hold) and ";" (either side):
	// "screen=playground&mode=prototype;exp=proto".
	ShowIf string
}

// Scale is how a slider maps its position to a value ([Param.Scale]).
type Scale int

const (
	// Linear: equal slider steps are equal value steps.
	Linear Scale = iota
	// Log: equal slider steps multiply the value (for Min > 0) or the
	// distance from Min plus one Step (otherwise) by equal factors.
	Log
)

// String returns the scale's name in the schema ("linear", "log").
func (s Scale) String() string {
	if s == Log {
		return "log"
	}
	return "linear"
}

// Table is an ordered, validated list of parameters. Build it with [NewTable].
type Table struct {
	params []Param
	index  map[string]int
	def    []float64
	// Version is the permalink format version written by Encode.
	Version int
	// Migrations upgrade links of older versions: Migrations[v] rewrites the
	// key/value pairs of a version-v link into version v+1. Missing entries
	// mean "nothing changed between v and v+1".
	Migrations map[int]func(kv []KV) []KV
	// Constrain, when set, enforces rules between parameters (for example
	// K < N) after every change; it returns a notice per value it changed.
	Constrain func(v *Values) []string
}

// NewTable checks the declarations and returns the table. It panics on a
// programming error in the declarations (duplicate name, bad range, default
// outside the range): the table is static, and a test covers every table.
func NewTable(ps ...Param) *Table {
	t := &Table{index: map[string]int{}, Version: 1}
	for _, p := range ps {
		if err := checkParam(p); err != nil {
			panic("params: " + err.Error())
		}
		if _, dup := t.index[p.Name]; dup {
			panic("params: duplicate parameter " + p.Name)
		}
		if p.Type == Int && p.Step == 0 {
			p.Step = 1
		}
		t.index[p.Name] = len(t.params)
		t.params = append(t.params, p)
	}
	t.def = make([]float64, len(t.params))
	for i, p := range t.params {
		x, err := p.parse(p.Default)
		if err != nil {
			panic(fmt.Sprintf("params: default of %s: %v", p.Name, err))
		}
		if c := p.clamp(x); c != x {
			panic(fmt.Sprintf("params: default of %s (%s) is outside its range", p.Name, p.Default))
		}
		t.def[i] = x
	}
	for _, p := range t.params {
		if p.ShowIf == "" {
			continue
		}
		for _, alt := range strings.Split(p.ShowIf, ";") {
			for _, c := range strings.Split(alt, "&") {
				other, _, ok := strings.Cut(c, "=")
				if _, known := t.index[other]; !ok || !known {
					panic("params: ShowIf of " + p.Name + " names no parameter: " + p.ShowIf)
				}
			}
		}
	}
	return t
}

// Shown evaluates a ShowIf condition against values v (the panel does the
// same in JavaScript): true when cond is empty or holds.
func Shown(cond string, v Values) bool {
	if cond == "" {
		return true
	}
	for _, alt := range strings.Split(cond, ";") {
		all := true
		for _, c := range strings.Split(alt, "&") {
			other, want, _ := strings.Cut(c, "=")
			if !slices.Contains(strings.Split(want, "|"), v.Text(other)) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

func checkParam(p Param) error {
	if p.Name == "" || strings.HasSuffix(p.Name, "_hide") || p.Name == "v" {
		return fmt.Errorf("bad name %q", p.Name)
	}
	for _, r := range p.Name {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return fmt.Errorf("bad name %q", p.Name)
		}
	}
	switch p.Type {
	case Int, Float:
		if !(p.Min <= p.Max) || math.IsInf(p.Min, 0) || math.IsInf(p.Max, 0) || p.Step < 0 {
			return fmt.Errorf("%s: bad range [%g, %g] step %g", p.Name, p.Min, p.Max, p.Step)
		}
		if p.Type == Int && (p.Min != math.Trunc(p.Min) || p.Step != math.Trunc(p.Step)) {
			return fmt.Errorf("%s: int range must be integral", p.Name)
		}
		if p.Scale == Log && p.Min >= p.Max {
			return fmt.Errorf("%s: a log scale needs a range", p.Name)
		}
		if p.Named != "" && p.Min+max(p.Step, 1e-300) > p.Max {
			return fmt.Errorf("%s: the named value %q leaves no numbers", p.Name, p.Named)
		}
	case Bool, Choice, Multi:
		if p.Scale != Linear || p.Named != "" {
			return fmt.Errorf("%s: a scale or named value needs a number", p.Name)
		}
	}
	switch p.Type {
	case Int, Float, Bool:
	case Choice, Multi:
		if len(p.Choices) == 0 || (p.Type == Multi && len(p.Choices) > MaxMulti) {
			return fmt.Errorf("%s: no choices", p.Name)
		}
		if p.ChoiceLabels != nil && len(p.ChoiceLabels) != len(p.Choices) {
			return fmt.Errorf("%s: %d labels for %d choices", p.Name, len(p.ChoiceLabels), len(p.Choices))
		}
		seen := map[string]bool{}
		for _, c := range p.Choices {
			if c == "" || seen[c] {
				return fmt.Errorf("%s: empty or duplicate choice %q", p.Name, c)
			}
			seen[c] = true
		}
	default:
		return fmt.Errorf("%s: unknown type %d", p.Name, p.Type)
	}
	return nil
}

// SetScale gives the named parameters slider scale sc ([Param.Scale]), for
// a lab that declares its scales apart from its table. Like [NewTable] it
// panics on a programming error (an unknown name, a parameter that cannot
// take the scale).
func (t *Table) SetScale(sc Scale, names ...string) {
	for _, n := range names {
		t.amend(n, func(p *Param) { p.Scale = sc })
	}
}

// SetNamed names the value Min of parameter name ([Param.Named]); it
// panics as [Table.SetScale] does.
func (t *Table) SetNamed(name, label string) {
	t.amend(name, func(p *Param) { p.Named = label })
}

func (t *Table) amend(name string, f func(*Param)) {
	i, ok := t.index[name]
	if !ok {
		panic("params: no parameter " + name)
	}
	p := t.params[i]
	f(&p)
	if err := checkParam(p); err != nil {
		panic("params: " + err.Error())
	}
	t.params[i] = p
}

// Params returns the declarations in table order. Do not modify them.
func (t *Table) Params() []Param { return t.params }

// Len is the number of parameters.
func (t *Table) Len() int { return len(t.params) }

// NamesExcept returns the names of the table's parameters in table order,
// leaving out those listed in skip (e.g. the parameters a native command
// does not read).
func (t *Table) NamesExcept(skip ...string) []string {
	var out []string
	for _, p := range t.params {
		if !slices.Contains(skip, p.Name) {
			out = append(out, p.Name)
		}
	}
	return out
}

// Lookup returns the declaration of the named parameter.
func (t *Table) Lookup(name string) (Param, bool) {
	i, ok := t.index[name]
	if !ok {
		return Param{}, false
	}
	return t.params[i], true
}

// Defaults returns a fresh record holding every default value.
func (t *Table) Defaults() Values {
	return Values{t: t, x: append([]float64(nil), t.def...)}
}

// parse reads the text form of a value. It accepts, for Int/Float, any
// number strconv parses (then the caller clamps); for Bool 1/0/true/false/
// on/off/yes/no; for Choice one of the ids (case-insensitive) or its index.
func (p Param) parse(s string) (float64, error) {
	s = strings.TrimSpace(s)
	switch p.Type {
	case Int, Float:
		x, err := strconv.ParseFloat(s, 64)
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			err = nil // ±Inf or 0: clamped by the caller
		}
		if err != nil || math.IsNaN(x) {
			return 0, fmt.Errorf("%q is not a number", s)
		}
		return x, nil
	case Bool:
		switch strings.ToLower(s) {
		case "1", "true", "on", "yes":
			return 1, nil
		case "0", "false", "off", "no":
			return 0, nil
		}
		return 0, fmt.Errorf("%q is not true or false", s)
	case Choice:
		for i, c := range p.Choices {
			if strings.EqualFold(c, s) {
				return float64(i), nil
			}
		}
		return 0, fmt.Errorf("%q is not one of %s", s, strings.Join(p.Choices, ", "))
	case Multi:
		var mask uint64
		if s == "" {
			return 0, nil
		}
		for _, f := range strings.Split(s, ",") {
			f = strings.TrimSpace(f)
			i := slices.IndexFunc(p.Choices, func(c string) bool { return strings.EqualFold(c, f) })
			if i < 0 {
				return 0, fmt.Errorf("%q is not one of %s", f, strings.Join(p.Choices, ", "))
			}
			mask |= 1 << i
		}
		return float64(mask), nil
	}
	return 0, fmt.Errorf("unknown type")
}

// clamp brings a parsed value into the parameter's domain: the range, the
// step grid (Int, and Float when Step > 0), 0/1 for Bool, a valid index for
// Choice. Infinite values clamp to the nearer bound.
func (p Param) clamp(x float64) float64 {
	if math.IsNaN(x) {
		x = p.Min
	}
	switch p.Type {
	case Int, Float:
		if p.Step > 0 {
			// Round to the step grid from Min, then pull back inside.
			k := math.Round((x - p.Min) / p.Step)
			if !math.IsInf(k, 0) {
				x = p.Min + k*p.Step
				x = roundDecimals(x, decimals(p.Step))
			}
		}
		x = math.Max(p.Min, math.Min(p.Max, x))
		if p.Type == Int {
			x = math.Round(x)
			if x > p.Max {
				x = math.Floor(p.Max)
			}
		}
	case Bool:
		if x != 0 {
			x = 1
		}
	case Choice:
		x = math.Round(x)
		if x < 0 {
			x = 0
		}
		if x > float64(len(p.Choices)-1) {
			x = float64(len(p.Choices) - 1)
		}
	case Multi:
		full := float64(uint64(1)<<len(p.Choices) - 1)
		if x < 0 || x > full || x != math.Trunc(x) {
			x = 0
		}
		if x == 0 && p.Default != "" {
			// An empty set where the default is not: take the default.
			x, _ = p.parse(p.Default)
		}
	}
	return x
}

// decimals is the number of decimal digits of a step such as 0.25 (2).
func decimals(step float64) int {
	for d := 0; d < 10; d++ {
		s := step * math.Pow10(d)
		if math.Abs(s-math.Round(s)) < 1e-9*math.Max(1, math.Abs(s)) {
			return d
		}
	}
	return 10
}

func roundDecimals(x float64, d int) float64 {
	p := math.Pow10(d)
	r := math.Round(x*p) / p
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return x
	}
	return r
}

// format is the canonical text form of a clamped value: the form Encode
// writes and parse reads back to the identical value.
func (p Param) format(x float64) string {
	switch p.Type {
	case Int:
		return strconv.FormatInt(int64(x), 10)
	case Float:
		if p.Step > 0 {
			s := strconv.FormatFloat(x, 'f', decimals(p.Step), 64)
			if strings.Contains(s, ".") {
				s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
			}
			if s == "-0" {
				s = "0"
			}
			return s
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case Multi:
		var ids []string
		for k, c := range p.Choices {
			if uint64(x)&(1<<k) != 0 {
				ids = append(ids, c)
			}
		}
		return strings.Join(ids, ",")
	case Bool:
		if x != 0 {
			return "1"
		}
		return "0"
	case Choice:
		return p.Choices[int(x)]
	}
	return ""
}
