package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestNotFinite: NaN, +Inf and −Inf are written as no value in every
// format, exactly as nil: null in JSON, an empty cell in CSV and tables.
func TestNotFinite(t *testing.T) {
	rows := []Row{
		{{Key: "name", Value: "nan"}, {Key: "x", Value: math.NaN()}, {Key: "n", Value: Number(math.NaN())}},
		{{Key: "name", Value: "inf"}, {Key: "x", Value: math.Inf(1)}, {Key: "n", Value: Number(math.Inf(-1))}},
		{{Key: "name", Value: "nil"}, {Key: "x", Value: nil}, {Key: "n", Value: nil}},
		{{Key: "name", Value: "one"}, {Key: "x", Value: 0.1}, {Key: "n", Value: Number(2.5)}},
	}
	want := map[string]string{
		"json": `{"name":"nan","x":null,"n":null}
{"name":"inf","x":null,"n":null}
{"name":"nil","x":null,"n":null}
{"name":"one","x":0.1,"n":2.5}
`,
		"csv": "name,x,n\nnan,,\ninf,,\nnil,,\none,0.1,2.5\n",
	}
	for format, w := range want {
		var b bytes.Buffer
		if err := Write(&b, format, rows, TableOptions{}); err != nil {
			t.Fatal(err)
		}
		if b.String() != w {
			t.Errorf("%s:\n%s\nwant\n%s", format, b.String(), w)
		}
	}
	var b bytes.Buffer
	if err := Write(&b, "table", rows, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"NaN", "Inf", "null"} {
		if strings.Contains(b.String(), bad) {
			t.Errorf("table writes %s:\n%s", bad, b.String())
		}
	}
	// A JSON document of a command's own shape: the same rule, and null
	// reads back as NaN.
	doc, err := json.Marshal(struct{ A, B, C Number }{Number(math.NaN()), Number(math.Inf(1)), 3})
	if err != nil || string(doc) != `{"A":null,"B":null,"C":3}` {
		t.Fatalf("%s %v", doc, err)
	}
	var back struct{ A, C Number }
	if err := json.Unmarshal(doc, &back); err != nil || !math.IsNaN(float64(back.A)) || back.C != 3 {
		t.Fatalf("%+v %v", back, err)
	}
	if FormatValue(math.Inf(-1), true) != "" || FormatValue(0.123456, true) != "0.1235" || FormatValue(0.123456, false) != "0.123456" {
		t.Error("FormatValue")
	}
}

// TestTable: the fields equal in every row go above the table, unless kept
// as columns; long cells are cut and the cut is said.
func TestTable(t *testing.T) {
	rows := []Row{
		{{Key: "rule", Value: "hebb"}, {Key: "N", Value: 100}, {Key: "p", Value: 0.5}, {Key: "list", Value: "1 2 3 4 5"}},
		{{Key: "rule", Value: "hebb"}, {Key: "N", Value: 100}, {Key: "p", Value: 0.25}, {Key: "list", Value: "1"}},
	}
	var b bytes.Buffer
	if err := Write(&b, "table", rows, TableOptions{MaxCell: 4, Column: func(k string) bool { return k == "rule" }}); err != nil {
		t.Fatal(err)
	}
	want := "# N=100\n  rule     p  list\n  hebb   0.5  1 2…\n  hebb  0.25     1\n# list cut to 4 characters here; -format csv or json has every value\n"
	if b.String() != want {
		t.Errorf("table\n%q\nwant\n%q", b.String(), want)
	}
	if err := Write(&b, "xml", rows, TableOptions{}); err == nil || !strings.Contains(err.Error(), "table, csv, json") {
		t.Errorf("xml: %v", err)
	}
}

// TestExit: 0 ok (and -h), 1 a failure at run time, 2 a usage error,
// however deeply wrapped.
func TestExit(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{nil, 0},
		{flag.ErrHelp, 0},
		{Usage(flag.ErrHelp), 0},
		{errors.New("disk full"), 1},
		{Usage(errors.New("H=99 is out of range")), 2},
		{fmt.Errorf("parsing: %w", Usage(errors.New("bad link"))), 2},
	} {
		if got := Exit(tc.err); got != tc.want {
			t.Errorf("Exit(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
	if Usage(nil) != nil {
		t.Error("Usage(nil) is not nil")
	}
	if err := CheckFormat("xml", "table", "csv"); Exit(err) != 2 || !strings.Contains(err.Error(), "want table, csv") {
		t.Errorf("CheckFormat: %v", err)
	}
}
