package lab

import (
	"strings"

	"hebbplay/core/params"
)

// Native is implemented by every lab that a native command runs: given a
// configuration, it names the command and which of the table's parameters
// the command reads. The command line itself is generated from the table
// ([NativeCommand]), so it always uses the permalink's names and values.
type Native interface {
	// NativeSpec describes the native command of configuration v.
	NativeSpec(v params.Values) NativeSpec
}

// NativeSpec describes a lab's native command for one configuration.
type NativeSpec struct {
	// Command starts the line: "go run ./scripts/hebb".
	Command string
	// Args come before the flags (scripts/hebb's experiment: "storage").
	Args []string
	// Params are the parameters the command reads, given as flags in
	// table order (each lab leaves out display and playback settings and
	// those its configuration hides).
	Params []string
	// Tail comes after the flags ("-format", "json").
	Tail []string
}

// NativeCommand returns the command line that runs configuration v of the
// lab natively, or "" when the lab has none. Every parameter of the spec is
// written as "-name value" with its permalink key and canonical value, so
// the line parses back to the same configuration; no value contains a
// space, so the line splits at spaces.
func NativeCommand(labID string, v params.Values) string {
	l := New(labID)
	n, ok := l.(Native)
	if !ok || l.Table() != v.Table() {
		return ""
	}
	return NativeLine(n, v)
}

// NativeLine is [NativeCommand] for a lab at hand.
func NativeLine(n Native, v params.Values) string {
	s := n.NativeSpec(v)
	parts := append([]string{s.Command}, s.Args...)
	parts = append(parts, v.Table().CommandLine(v, s.Params)...)
	parts = append(parts, s.Tail...)
	return strings.Join(parts, " ")
}

// ShownParams lists the parameters of v's table, in table order, that are
// shown under v (params.Shown) and not in skip: the usual choice of
// [NativeSpec.Params].
func ShownParams(v params.Values, skip ...string) []string {
	drop := map[string]bool{}
	for _, s := range skip {
		drop[s] = true
	}
	var out []string
	for _, p := range v.Table().Params() {
		if !drop[p.Name] && params.Shown(p.ShowIf, v) {
			out = append(out, p.Name)
		}
	}
	return out
}
