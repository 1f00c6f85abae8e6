package params

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// KV is one key=value pair of a permalink, in order.
type KV struct {
	Key, Value string
}

// HideSuffix marks a classroom-hidden control in a permalink: "rule_hide=1".
const HideSuffix = "_hide"

// maxNotices bounds the notices one decode reports (a pasted garbage link
// should give one readable message, not hundreds).
const maxNotices = 8

// Link is a decoded permalink: the configuration plus the frame's own keys.
type Link struct {
	// Values holds every parameter: decoded where the link had a valid value,
	// the default elsewhere.
	Values Values
	// Hidden lists the parameters the link hides (name_hide=1), in table order.
	Hidden []string
	// Extra holds the frame-level keys the caller allowed (such as "lab").
	Extra map[string]string
	// Version is the version the link declared (the current one if absent).
	Version int
	// Notices explains, in plain words, everything that was ignored,
	// clamped or reset. Empty for a clean link.
	Notices []string
}

// Encode writes a configuration as a URL-hash string (without '#'):
// "v=<version>", then the extra keys in the given order, then every
// parameter in table order, then the hide flags in table order. The same
// configuration always gives the same string, and Decode reads it back to
// equal values.
func (t *Table) Encode(v Values, hidden []string, extra ...KV) string {
	var b strings.Builder
	b.WriteString("v=")
	b.WriteString(strconv.Itoa(t.Version))
	put := func(k, val string) {
		b.WriteByte('&')
		b.WriteString(url.QueryEscape(k))
		b.WriteByte('=')
		b.WriteString(escapeValue(val))
	}
	for _, kv := range extra {
		put(kv.Key, kv.Value)
	}
	for i, p := range t.params {
		put(p.Name, p.format(v.x[i]))
	}
	hide := map[string]bool{}
	for _, h := range hidden {
		hide[h] = true
	}
	for _, p := range t.params {
		if hide[p.Name] && p.Hideable {
			put(p.Name+HideSuffix, "1")
		}
	}
	return b.String()
}

// SplitHash splits a URL hash ("#a=1&b=2", the '#' optional) into pairs in
// order. Pieces without '=' get an empty value and ok=false in bad.
func SplitHash(s string) (kv []KV, bad []string) {
	s = strings.TrimPrefix(s, "#")
	for _, piece := range strings.Split(s, "&") {
		if piece == "" {
			continue
		}
		k, val, ok := strings.Cut(piece, "=")
		uk, err1 := url.QueryUnescape(k)
		uv, err2 := url.QueryUnescape(val)
		if !ok || err1 != nil || err2 != nil || uk == "" {
			bad = append(bad, piece)
			continue
		}
		kv = append(kv, KV{uk, uv})
	}
	return kv, bad
}

// PeekExtra returns the value of one frame-level key of a hash without
// decoding the rest (the frame reads "lab" first to choose the table).
func PeekExtra(hash, key string) string {
	kv, _ := SplitHash(hash)
	for _, p := range kv {
		if p.Key == key {
			return p.Value
		}
	}
	return ""
}

// Decode reads a URL hash written by Encode (or by hand, or damaged). It never
// fails: every parameter the link sets validly is decoded and clamped into its
// domain; unknown keys, values that do not parse, duplicate keys and versions
// from the future produce notices and leave the affected parameters at their
// defaults. Links of older versions are upgraded through t.Migrations. The
// keys listed in extra are frame-level keys returned in Link.Extra.
func (t *Table) Decode(hash string, extra ...string) Link {
	l := Link{Values: t.Defaults(), Extra: map[string]string{}, Version: t.Version}
	notes := &noticeList{}
	kv, bad := SplitHash(hash)
	if len(kv) == 0 && len(bad) == 0 {
		return l
	}
	for _, b := range bad {
		notes.add(fmt.Sprintf("Ignored %q: not a setting of the form name=value.", shorten(b)))
	}

	// Version first: it decides how the rest is read.
	ver := t.Version
	rest := kv[:0:0]
	for _, p := range kv {
		if p.Key != "v" {
			rest = append(rest, p)
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(p.Value))
		switch {
		case err != nil || n < 1:
			notes.add(fmt.Sprintf("Link version %q is not valid; reading it as version %d.", shorten(p.Value), t.Version))
		case n > t.Version:
			notes.add(fmt.Sprintf("This link was made by a newer version of the playground (v=%d, this is v=%d); settings it does not know were reset to defaults.", n, t.Version))
			ver = n
		default:
			ver = n
		}
	}
	l.Version = ver
	for v := ver; v < t.Version; v++ {
		if m := t.Migrations[v]; m != nil {
			rest = m(rest)
		}
	}

	isExtra := map[string]bool{}
	for _, e := range extra {
		isExtra[e] = true
	}
	seen := map[string]bool{}
	hidden := map[string]bool{}
	for _, p := range rest {
		if seen[p.Key] {
			notes.add(fmt.Sprintf("%s appears twice in the link; using the last value.", shorten(p.Key)))
		}
		seen[p.Key] = true
		if isExtra[p.Key] {
			l.Extra[p.Key] = p.Value
			continue
		}
		if name, ok := strings.CutSuffix(p.Key, HideSuffix); ok {
			par, known := t.Lookup(name)
			if !known || !par.Hideable {
				notes.add(fmt.Sprintf("Ignored %q: no control %q can be hidden.", shorten(p.Key), shorten(name)))
				continue
			}
			x, err := Param{Type: Bool}.parse(p.Value)
			if err != nil {
				notes.add(fmt.Sprintf("Ignored %s=%q: expected 1 or 0.", shorten(p.Key), shorten(p.Value)))
				continue
			}
			hidden[name] = x != 0
			continue
		}
		if _, known := t.Lookup(p.Key); !known {
			notes.add(fmt.Sprintf("Ignored unknown setting %q.", shorten(p.Key)))
			continue
		}
		// Decode into a scratch copy so that a bad value leaves the default.
		ns, err := l.Values.setNoConstrain(p.Key, p.Value)
		if err != nil {
			par, _ := t.Lookup(p.Key)
			notes.add(fmt.Sprintf("%s=%q: %s; using the default %s.", par.Name, shorten(p.Value), reason(err), l.Values.Text(par.Name)))
			continue
		}
		for _, n := range ns {
			notes.add(n)
		}
	}
	for _, n := range l.Values.Clamp() {
		notes.add(n)
	}
	for _, p := range t.params {
		if hidden[p.Name] {
			l.Hidden = append(l.Hidden, p.Name)
		}
	}
	l.Notices = notes.list()
	return l
}

// setNoConstrain parses and clamps one value without applying the table's
// cross-parameter constraints (Decode applies them once at the end, so the
// order of keys in a link does not matter).
func (v *Values) setNoConstrain(name, s string) ([]string, error) {
	i := v.idx(name)
	p := v.t.params[i]
	x, err := p.parse(s)
	if err != nil {
		return nil, err
	}
	c := p.clamp(x)
	var notes []string
	if c != x && !(p.Type == Int && x >= p.Min && x <= p.Max && c == roundHalf(x)) {
		notes = append(notes, clampNote(p, x, c))
	}
	v.x[i] = c
	return notes, nil
}

func roundHalf(x float64) float64 {
	if x < 0 {
		return -float64(int64(-x + 0.5))
	}
	return float64(int64(x + 0.5))
}

func reason(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 && !strings.HasPrefix(s[i+2:], "\"") {
		s = s[i+2:]
	}
	return s
}

func shorten(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	r := []rune(s)
	if len(r) > max {
		r = r[:max]
	}
	return string(r) + "…"
}

type noticeList struct {
	n   []string
	cut int
}

func (l *noticeList) add(s string) {
	if len(l.n) < maxNotices {
		l.n = append(l.n, s)
		return
	}
	l.cut++
}

func (l *noticeList) list() []string {
	out := l.n
	if l.cut > 0 {
		out = append(out, fmt.Sprintf("…and %d more problems with the link.", l.cut))
	}
	return out
}

// HiddenSorted returns a copy of names in table order, dropping unknown and
// non-hideable names and duplicates. Frames use it to normalise the set of
// hidden controls before encoding.
func (t *Table) HiddenSorted(names []string) []string {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var out []string
	for _, p := range t.params {
		if want[p.Name] && p.Hideable {
			out = append(out, p.Name)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return t.index[out[i]] < t.index[out[j]] })
	return out
}

// escapeValue escapes a value for the hash like url.QueryEscape but keeps the
// commas of Multi lists readable ("hebb,bcpnn"); commas need no escaping in
// a URL fragment, and QueryUnescape reads both forms.
func escapeValue(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "%2C", ",")
}
