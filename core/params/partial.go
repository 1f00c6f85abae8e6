package params

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// MaxPartialBytes bounds the JSON text of a partial configuration.
const MaxPartialBytes = 64 << 10

// DecodePartial reads a partial configuration sent by the page (the
// bridge's setConfig): a JSON object from parameter names to values. Numbers
// become float64, booleans bool, strings string. A value of any other kind
// (null, a list, an object) becomes the string "<null>", "<array>" or
// "<object>", which no parameter accepts, so that [Values.SetPartial] names
// the key in a notice instead of the whole change being refused. The error
// says why the text is not such an object.
func DecodePartial(text []byte) (map[string]any, error) {
	if len(text) > MaxPartialBytes {
		return nil, fmt.Errorf("the configuration change is too large (%d bytes; at most %d)", len(text), MaxPartialBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil || raw == nil {
		return nil, errors.New(`a configuration change must be a JSON object such as {"rule": "hebb"}`)
	}
	if dec.More() {
		return nil, errors.New("a configuration change must be one JSON object, with nothing after it")
	}
	out := make(map[string]any, len(raw))
	for k, v := range raw {
		switch x := v.(type) {
		case json.Number:
			f, err := x.Float64()
			if err != nil {
				// Out of float64 range: the parameter's clamp cannot see
				// it, so it is refused by name.
				out[k] = "<number out of range>"
			} else {
				out[k] = f
			}
		case bool, string:
			out[k] = x
		case nil:
			out[k] = "<null>"
		case []any:
			out[k] = "<array>"
		default:
			out[k] = "<object>"
		}
	}
	return out, nil
}

// SetPartial returns a copy of v with the values of partial set, key by key
// in table order (so that a change of several parameters does not depend on
// map order), and the notices: one for every key that was refused (unknown,
// or a value the parameter cannot take: "Ignored …") and those of values
// that were clamped or adjusted. v itself is not changed.
func (v Values) SetPartial(partial map[string]any) (Values, []string) {
	next := v.Clone()
	keys := make([]string, 0, len(partial))
	for k := range partial {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		oi, oj := v.t.order(keys[i]), v.t.order(keys[j])
		if oi != oj {
			return oi < oj
		}
		return keys[i] < keys[j]
	})
	var notes []string
	for _, k := range keys {
		n, err := next.SetAny(k, partial[k])
		if err != nil {
			notes = append(notes, fmt.Sprintf("Ignored %v.", err))
			continue
		}
		notes = append(notes, n...)
	}
	return next, notes
}

// order is the position of a parameter in the table; unknown names come
// after every parameter.
func (t *Table) order(name string) int {
	if i, ok := t.index[name]; ok {
		return i
	}
	return len(t.params)
}
