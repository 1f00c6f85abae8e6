package params

// SchemaParam is the description of one parameter handed to the HTML panel,
// which generates a control from it. The js tags name the fields of the
// JavaScript object (the bridge converts with vert); json tags serve saved
// configurations and tests.
type SchemaParam struct {
	Name         string   `js:"name" json:"name"`
	Label        string   `js:"label" json:"label"`
	Type         string   `js:"type" json:"type"`
	Min          float64  `js:"min" json:"min"`
	Max          float64  `js:"max" json:"max"`
	Step         float64  `js:"step" json:"step"`
	Choices      []string `js:"choices" json:"choices"`
	ChoiceLabels []string `js:"choiceLabels" json:"choiceLabels"`
	Default      string   `js:"default" json:"default"`
	Unit         string   `js:"unit" json:"unit"`
	Help         string   `js:"help" json:"help"`
	Group        string   `js:"group" json:"group"`
	Hideable     bool     `js:"hideable" json:"hideable"`
	ShowIf       string   `js:"showIf" json:"showIf"`
	// Scale is the slider's scale: "linear" or "log" (Param.Scale).
	Scale string `js:"scale" json:"scale"`
	// Named is the name of the value Min ("random"), or "" (Param.Named).
	Named string `js:"named" json:"named"`
}

// Schema describes every parameter in table order. Slices are never nil
// (the panel can iterate them without checks).
func (t *Table) Schema() []SchemaParam {
	out := make([]SchemaParam, len(t.params))
	for i, p := range t.params {
		labels := p.ChoiceLabels
		if labels == nil {
			labels = p.Choices
		}
		label := p.Label
		if label == "" {
			label = p.Name
		}
		out[i] = SchemaParam{
			Name: p.Name, Label: label, Type: p.Type.String(),
			Min: p.Min, Max: p.Max, Step: p.Step,
			Choices:      append([]string{}, p.Choices...),
			ChoiceLabels: append([]string{}, labels...),
			Default:      p.Default, Unit: p.Unit, Help: p.Help, Group: p.Group,
			Hideable: p.Hideable, ShowIf: p.ShowIf,
			Scale: p.Scale.String(), Named: p.Named,
		}
	}
	return out
}
