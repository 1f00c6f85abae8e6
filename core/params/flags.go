package params

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"strings"
)

// Command-line flags generated from a table. A native command gets one flag
// per parameter, named as the parameter's permalink key, with the table's
// help, limits and default in its usage line, plus -link, which reads a
// whole configuration from a permalink. Unlike the page, which clamps what
// it is given and explains, a command refuses: a value outside its
// parameter's range, off its step grid, or changed by the table's
// cross-parameter rules is an error that names the limit.

// LinkFlag is the name of the flag that reads a permalink.
const LinkFlag = "link"

// Flags holds the configuration a command line builds. Get one from
// [Table.Flags]; after the flag set has parsed the arguments, [Flags.Values]
// returns the configuration.
type Flags struct {
	t      *Table
	v      Values
	lab    string
	link   bool
	ignore []string // link keys accepted and not used (IgnoreLinkKeys)
}

// IgnoreLinkKeys makes -link accept these keys besides the table's and
// ignore them: a lab's state beyond its table (a hand-edited cue) that
// does not change what the command computes.
func (f *Flags) IgnoreLinkKeys(keys ...string) { f.ignore = append(f.ignore, keys...) }

// Flags registers on fs one flag per parameter of t whose name is in only
// (every parameter when only is nil), in table order, and the -link flag.
// The values start from base (a command may have its own defaults; nil
// means the table's). lab is the lab id a permalink must name when it names
// one (its "lab" key). Flags are applied in the order given, so settings
// after -link override the link's and -link overrides settings before it.
func (t *Table) Flags(fs *flag.FlagSet, base *Values, lab string, only []string) *Flags {
	f := &Flags{t: t, lab: lab}
	if base != nil {
		f.v = base.Clone()
	} else {
		f.v = t.Defaults()
	}
	want := map[string]bool{}
	for _, n := range only {
		want[n] = true
	}
	for _, p := range t.params {
		if only != nil && !want[p.Name] {
			continue
		}
		fs.Var(&paramFlag{f: f, name: p.Name}, p.Name, f.usage(p))
	}
	fs.Var(&linkFlag{f: f}, LinkFlag, "a permalink of the page (its URL, or the part after '#') whose configuration to run; settings given after it override it")
	return f
}

// usage is a flag's help: the label, the table's help and the limits (the
// flag package adds the default).
func (f *Flags) usage(p Param) string {
	label := p.Label
	if label == "" {
		label = p.Name
	}
	return fmt.Sprintf("%s: %s [%s]", label, p.Help, Limits(p))
}

// Limits describes the values a parameter accepts, as in error messages:
// "1 to 64", "0 to 0.2 in steps of 0.0005", "one of sync, async",
// "a comma list of hebb, bcpnn", "true or false".
func Limits(p Param) string {
	switch p.Type {
	case Int:
		s := fmt.Sprintf("a whole number from %s to %s", p.format(p.Min), p.format(p.Max))
		if p.Step > 1 {
			s += fmt.Sprintf(" in steps of %s", p.format(p.Step))
		}
		return s + unit(p)
	case Float:
		s := fmt.Sprintf("%s to %s", p.format(p.Min), p.format(p.Max))
		if p.Step > 0 {
			s += fmt.Sprintf(" in steps of %s", p.format(p.Step))
		}
		return s + unit(p)
	case Bool:
		return "true or false"
	case Choice:
		return "one of " + strings.Join(p.Choices, ", ")
	case Multi:
		return "a comma list of " + strings.Join(p.Choices, ", ")
	}
	return ""
}

func unit(p Param) string {
	if p.Unit == "" {
		return ""
	}
	return " " + p.Unit
}

// ParseStrict reads the text form of a value of the named parameter and
// refuses, naming the limit, what [Values.SetText] would silently change:
// a number outside [Min, Max], an Int that is not whole or off its step
// grid, a Float off its step grid, an empty Multi where the default is not.
func (t *Table) ParseStrict(name, s string) (float64, error) {
	p, ok := t.Lookup(name)
	if !ok {
		return 0, fmt.Errorf("unknown setting %q", name)
	}
	x, err := p.parse(s)
	if err != nil {
		if p.Type == Int || p.Type == Float {
			return 0, fmt.Errorf("%s: %v; want %s", name, err, Limits(p))
		}
		return 0, fmt.Errorf("%s: %v", name, err) // the error lists the choices
	}
	c := p.clamp(x)
	switch {
	case c == x:
		return x, nil
	case (p.Type == Int || p.Type == Float) && (x < p.Min || x > p.Max):
		return 0, fmt.Errorf("%s=%s is out of range: want %s", name, strings.TrimSpace(s), Limits(p))
	case p.Type == Float && math.Abs(c-x) <= 1e-9*math.Max(1, math.Abs(x)):
		return c, nil // the decimal text of a grid point
	case p.Type == Multi:
		return 0, fmt.Errorf("%s: choose at least one of %s", name, strings.Join(p.Choices, ", "))
	}
	return 0, fmt.Errorf("%s=%s is not allowed: want %s (nearest: %s)", name, strings.TrimSpace(s), Limits(p), p.format(c))
}

// Set stores the text form of a value strictly ([Table.ParseStrict]),
// without applying the table's constraints (Values does, once, at the end).
// Commands use it for their own aliases of table flags.
func (f *Flags) Set(name, s string) error {
	x, err := f.t.ParseStrict(name, s)
	if err != nil {
		return err
	}
	f.v.x[f.t.index[name]] = x
	return nil
}

// Linked reports whether -link was given.
func (f *Flags) Linked() bool { return f.link }

// Values returns the configuration the flags built, after checking the
// table's cross-parameter rules: a setting those rules would change (such
// as K ≥ N) is an error with the rule's explanation.
func (f *Flags) Values() (Values, error) {
	v := f.v.Clone()
	if notes := v.Clamp(); len(notes) > 0 {
		for i, n := range notes {
			// "K must be below N; using 49." → "… (nearest allowed: 49)."
			if a, b, ok := strings.Cut(n, "; using "); ok {
				notes[i] = a + " (nearest allowed: " + strings.TrimSuffix(b, ".") + ")."
			}
		}
		return f.v, errors.New(strings.Join(notes, " "))
	}
	return v, nil
}

// SetLink replaces the whole configuration by the one of a permalink: a
// page URL (only the part after '#' is read) or its hash. A link the page
// would open with notices (unknown keys, values it had to change, a newer
// version), or one of another lab, is refused with the notices as reason.
func (f *Flags) SetLink(link string) error {
	s := strings.TrimSpace(link)
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[i+1:]
	}
	if s == "" {
		return errors.New("the link is empty: give the page's URL or the part after '#'")
	}
	if id := PeekExtra(s, "lab"); id != "" && f.lab != "" && id != f.lab {
		return fmt.Errorf("the link is for the %q lab, not %q", id, f.lab)
	}
	l := f.t.Decode(s, append([]string{"lab"}, f.ignore...)...)
	if len(l.Notices) > 0 {
		return errors.New("the link is not valid: " + strings.Join(l.Notices, " "))
	}
	f.v = l.Values
	f.link = true
	return nil
}

// paramFlag is the flag.Value of one parameter.
type paramFlag struct {
	f    *Flags
	name string
}

// String is the current text of the value ("" for the zero paramFlag the
// flag package makes to compare defaults).
func (p *paramFlag) String() string {
	if p == nil || p.f == nil {
		return ""
	}
	if p.IsBoolFlag() {
		return fmt.Sprint(p.f.v.Bool(p.name))
	}
	return p.f.v.Text(p.name)
}

// Set parses a value strictly.
func (p *paramFlag) Set(s string) error { return p.f.Set(p.name, s) }

// IsBoolFlag lets a Bool parameter be given as -name (true) or -name=false.
func (p *paramFlag) IsBoolFlag() bool {
	if p == nil || p.f == nil {
		return false
	}
	q, _ := p.f.t.Lookup(p.name)
	return q.Type == Bool
}

// linkFlag is the flag.Value of -link.
type linkFlag struct{ f *Flags }

func (l *linkFlag) String() string     { return "" }
func (l *linkFlag) Set(s string) error { return l.f.SetLink(s) }

// CommandLine writes the flags that set v's values of the named parameters,
// in table order: "-name value", and "-name=true" or "-name=false" for a
// Bool. Values are canonical text (as in a permalink); none contains a
// space, so the line splits at spaces.
func (t *Table) CommandLine(v Values, names []string) []string {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var out []string
	for _, p := range t.params {
		if !want[p.Name] {
			continue
		}
		if p.Type == Bool {
			out = append(out, fmt.Sprintf("-%s=%t", p.Name, v.Bool(p.Name)))
			continue
		}
		out = append(out, "-"+p.Name, v.Text(p.Name))
	}
	return out
}

// Current is the text of a value as the flags parsed so far set it (before
// the table's constraints): a command reads, say, the task chosen to route
// an old per-task flag name.
func (f *Flags) Current(name string) string { return f.v.Text(name) }
