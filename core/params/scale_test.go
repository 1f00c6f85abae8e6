package params

import (
	"strings"
	"testing"
)

// The schema carries a parameter's slider scale and the name of its special
// value; declarations that cannot honour them are refused.
func TestScaleAndNamedInSchema(t *testing.T) {
	tb := NewTable(
		Param{Name: "n", Type: Int, Min: 1, Max: 2000, Default: "12", Scale: Log},
		Param{Name: "target", Type: Int, Min: -1, Max: 99, Default: "-1", Named: "random"},
		Param{Name: "x", Type: Float, Min: 0, Max: 1, Default: "0.5"},
	)
	sc := tb.Schema()
	if sc[0].Scale != "log" || sc[1].Scale != "linear" || sc[2].Scale != "linear" {
		t.Errorf("scales %q %q %q", sc[0].Scale, sc[1].Scale, sc[2].Scale)
	}
	if sc[1].Named != "random" || sc[0].Named != "" {
		t.Errorf("named %q %q", sc[0].Named, sc[1].Named)
	}
	// The named value is an ordinary number in links: target=-1 decodes.
	l := tb.Decode("v=1&target=-1", "")
	if l.Values.Int("target") != -1 || len(l.Notices) != 0 {
		t.Errorf("target=-1: %d %q", l.Values.Int("target"), l.Notices)
	}
	bad := []Param{
		{Name: "b", Type: Bool, Default: "true", Scale: Log},
		{Name: "c", Type: Choice, Choices: []string{"a"}, Default: "a", Named: "none"},
		{Name: "d", Type: Int, Min: 5, Max: 5, Default: "5", Scale: Log},
		{Name: "e", Type: Int, Min: 0, Max: 0, Default: "0", Named: "off"},
	}
	// Declared apart from the table, with the same checks.
	tb.SetScale(Log, "x")
	tb.SetNamed("n", "none")
	if sc := tb.Schema(); sc[2].Scale != "log" || sc[0].Named != "none" {
		t.Errorf("amended: %q %q", sc[2].Scale, sc[0].Named)
	}
	for _, f := range []func(){
		func() { tb.SetScale(Log, "nope") },
		func() {
			tb.SetNamed("x", "")
			NewTable(Param{Name: "y", Type: Bool, Default: "true"}).SetScale(Log, "y")
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("bad amendment accepted")
				}
			}()
			f()
		}()
	}
	for _, p := range bad {
		func() {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(r.(string), p.Name+":") {
					t.Errorf("%s: accepted (%v)", p.Name, r)
				}
			}()
			NewTable(p)
		}()
	}
}
