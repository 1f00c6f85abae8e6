package library

import (
	"fmt"
	"strings"

	"hebbplay/core/lab"
	"hebbplay/core/params"
)

// Comparison lines up the parameters of two configurations for the
// side-by-side view.
type Comparison struct {
	// LabA and LabB are the labs' ids, TitleA and TitleB their titles.
	LabA   string `json:"labA"`
	LabB   string `json:"labB"`
	TitleA string `json:"titleA"`
	TitleB string `json:"titleB"`
	// Rows holds one row per parameter: those of A in table order, then
	// those only B has.
	Rows []CompareRow `json:"rows"`
	// Differences counts the rows that differ.
	Differences int `json:"differences"`
	// NoticesA and NoticesB are the decoder's notices for each permalink
	// (empty for saved records, which were validated when stored).
	NoticesA []string `json:"noticesA"`
	NoticesB []string `json:"noticesB"`
}

// CompareRow is one parameter of a comparison. A value is the parameter's
// canonical text ("bcpnn", "0.25", "true"); a parameter missing on one side
// (two different labs) has Has false there.
type CompareRow struct {
	Name   string `json:"name"`
	Label  string `json:"label"`
	Group  string `json:"group"`
	Unit   string `json:"unit"`
	A      string `json:"a"`
	B      string `json:"b"`
	HasA   bool   `json:"hasA"`
	HasB   bool   `json:"hasB"`
	Differ bool   `json:"differ"`
	// Hidden marks a parameter that a classroom link hides on either side.
	Hidden bool `json:"hidden"`
}

type decoded struct {
	lab  lab.Lab
	link params.Link
}

func decodeHash(hash string) (decoded, error) {
	hash = strings.TrimPrefix(hash, "#")
	id := params.PeekExtra(hash, lab.KeyLab)
	if id == "" {
		id = lab.DefaultLab
	}
	l := lab.New(id)
	if l == nil {
		return decoded{}, fmt.Errorf("there is no lab %q", short(id))
	}
	return decoded{l, l.Table().Decode(hash, append([]string{lab.KeyLab, lab.KeyPresent}, lab.LinkKeys(l)...)...)}, nil
}

// Compare decodes two permalinks through their labs' parameter tables and
// lines up their parameters, marking the ones that differ.
func Compare(hashA, hashB string) (Comparison, error) {
	a, err := decodeHash(hashA)
	if err != nil {
		return Comparison{}, fmt.Errorf("first configuration: %v", err)
	}
	b, err := decodeHash(hashB)
	if err != nil {
		return Comparison{}, fmt.Errorf("second configuration: %v", err)
	}
	c := Comparison{
		LabA: a.lab.ID(), LabB: b.lab.ID(), TitleA: a.lab.Title(), TitleB: b.lab.Title(),
		Rows: []CompareRow{}, NoticesA: nonNil(a.link.Notices), NoticesB: nonNil(b.link.Notices),
	}
	hidden := map[string]bool{}
	for _, h := range append(append([]string{}, a.link.Hidden...), b.link.Hidden...) {
		hidden[h] = true
	}
	tb := b.lab.Table()
	seen := map[string]bool{}
	for _, p := range a.lab.Table().Params() {
		seen[p.Name] = true
		r := CompareRow{Name: p.Name, Label: p.Label, Group: p.Group, Unit: p.Unit, HasA: true, A: a.link.Values.Text(p.Name), Hidden: hidden[p.Name]}
		if _, ok := tb.Lookup(p.Name); ok {
			r.HasB, r.B = true, b.link.Values.Text(p.Name)
		}
		c.add(r)
	}
	for _, p := range tb.Params() {
		if seen[p.Name] {
			continue
		}
		c.add(CompareRow{Name: p.Name, Label: p.Label, Group: p.Group, Unit: p.Unit, HasB: true, B: b.link.Values.Text(p.Name), Hidden: hidden[p.Name]})
	}
	return c, nil
}

func (c *Comparison) add(r CompareRow) {
	r.Differ = r.HasA != r.HasB || r.A != r.B
	if r.Differ {
		c.Differences++
	}
	c.Rows = append(c.Rows, r)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
