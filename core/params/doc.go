// Package params is the declarative parameter table of the playground.
//
// Every tunable value of a lab is one [Param] line in a [Table]: its name,
// type (int, float, bool, choice or multi), range and step or list of choices,
// default, unit, help text, group and whether classroom mode may hide it.
// That one table drives everything else:
//
//   - the HTML panel, which is generated from [Table.Schema] (each control's
//     name attribute is the parameter name, its help is shown on hover/focus);
//   - validation and clamping ([Table.Set], [Table.SetText], [Table.Clamp]);
//   - the permalink in the URL hash ([Table.Encode], [Table.Decode]), with
//     keys in table order and a version number so that old links keep working;
//   - saved configurations (which store the same text encoding).
//
// Adding a parameter is therefore one line in the lab's table. Values are held
// in a [Values] record: one float64 per parameter (an int is integral, a bool is
// 0 or 1, a choice is the index of the chosen id, a multi a bit mask of
// chosen ids), so copying, comparing and
// encoding a configuration never needs reflection.
//
// The package is pure Go (no syscall/js), so everything here is tested natively.
//
// # The permalink format
//
// A configuration is written into the URL hash (without '#') by
// [Table.Encode] as key=value pairs joined by '&':
//
//	v=1&lab=memory&rule=bcpnn&N=100&K=10&seed=1&rule_hide=1
//
// Its parts, in order:
//
//   - "v=<version>" comes first: the table's version. A link of an older
//     version is upgraded by the table's Migrations, one version step at a
//     time, so old links keep working; a link from a newer version is read as
//     far as possible, with a notice.
//   - Then the frame-level keys the caller passes (such as the lab id
//     "lab"), then every parameter in table order, then
//     "<name>_hide=1" for each control hidden in classroom mode.
//   - Values are canonical text: ints in decimal; floats with as many
//     decimals as their step needs and trailing zeros removed (floats
//     without a step in the shortest form that reads back exactly); bools as
//     0 or 1; a choice as its id; a multi as its ids joined by commas. Keys
//     and values are escaped as in a URL query, commas excepted.
//
// The same configuration always gives the same string, and [Table.Decode]
// reads it back to equal values. Decode never fails: a link typed by hand or
// damaged still opens; every valid setting is decoded and clamped into its
// domain, and unknown keys, unparsable values, duplicates and newer versions
// produce plain-language notices (at most a few) and leave the affected
// parameters at their defaults. Cross-parameter rules (such as K < N) are
// applied once after all keys are read, so the order of keys does not
// matter. Saved configurations (package library) store exactly this text.
//
// # Origin
//
// The table is the idea of IVISIT (Knoblauch 2024), a desktop tool for
// interactive simulations whose widgets bind to parameters by name and whose
// parameter sets live in a database, carried into the browser: here one
// declaration also generates the controls, validates input, and encodes the
// permalink.
//
// Reference: A. Knoblauch, "IVISIT: An Interactive Visual Simulation Tool for
// system simulation, visualization, optimization, and parameter management",
// arXiv:2408.03341 (2024).
package params
