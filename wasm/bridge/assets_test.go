//go:build js && wasm

package bridge

import (
	"strings"
	"syscall/js"
	"testing"
	"time"

	"hebbplay/core/lab"
	"hebbplay/core/params"
)

// assetLab is a lab that needs one asset and records what it is told.
type assetLab struct {
	lab.NoCharts
	lab.NoWork
	url      string
	progress [][2]int64
	data     []byte
	err      error
	got      bool
}

var assetTable = params.NewTable(params.Param{Name: "x", Type: params.Int, Min: 0, Max: 9, Default: "0", Help: "x"})

func init() {
	lab.Register("assettest", func() lab.Lab { return &assetLab{url: "data.bin"} })
	lab.Register("assetmissing", func() lab.Lab { return &assetLab{url: "missing.bin"} })
}

func (a *assetLab) ID() string                                      { return "assettest" }
func (a *assetLab) Title() string                                   { return "Asset test" }
func (a *assetLab) About() string                                   { return "" }
func (a *assetLab) PlaybackShowIf() string                          { return "" }
func (a *assetLab) WorkSlice(time.Duration) bool                    { return false }
func (a *assetLab) Table() *params.Table                            { return assetTable }
func (a *assetLab) Actions() []lab.Action                           { return nil }
func (a *assetLab) Configure(v params.Values) error                 { return nil }
func (a *assetLab) Act(name string, v *params.Values) (bool, error) { return false, nil }
func (a *assetLab) Step() bool                                      { return false }
func (a *assetLab) Rewind()                                         {}
func (a *assetLab) Views() []lab.View                               { return nil }
func (a *assetLab) Click(string, int, int, *params.Values) bool     { return false }
func (a *assetLab) Summary() lab.Summary {
	return lab.Summary{Text: "asset", Fields: map[string]any{"got": a.got, "n": len(a.data)}}
}
func (a *assetLab) NeedsAssets() []string {
	if a.got {
		return nil
	}
	return []string{a.url}
}
func (a *assetLab) AssetProgress(url string, loaded, total int64) {
	a.progress = append(a.progress, [2]int64{loaded, total})
}
func (a *assetLab) SetAsset(url string, data []byte, err error) {
	a.data, a.err, a.got = data, err, true
}

// fakeFetch replaces the global fetch by one serving data.bin in two
// chunks (and 404 for anything else), counting the requests.
func fakeFetch(t *testing.T) js.Value {
	t.Helper()
	old := js.Global().Get("fetch")
	stats := js.Global().Get("Function").New(`
		const stats = { calls: 0 };
		globalThis.fetch = (url) => {
			stats.calls++;
			if (url !== 'data.bin') return Promise.resolve({ ok: false, status: 404 });
			const chunks = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])];
			const reader = { read: () => Promise.resolve(chunks.length ? { done: false, value: chunks.shift() } : { done: true }) };
			return Promise.resolve({ ok: true, status: 200, headers: { get: (h) => h === 'Content-Length' ? '5' : null }, body: { getReader: () => reader } });
		};
		return stats;`).Invoke()
	t.Cleanup(func() { js.Global().Set("fetch", old) })
	return stats
}

// drainUntil drains the bridge until cond holds, letting JavaScript run.
func drainUntil(t *testing.T, b *Bridge, cond func() bool) {
	t.Helper()
	for i := 0; i < 400; i++ {
		b.Drain()
		b.Publish()
		if cond() {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatal("condition never held")
}

func TestAssetIsFetchedWithProgressAndCached(t *testing.T) {
	stats := fakeFetch(t)
	b, win, _ := setup(t, "v=1&lab=assettest")
	b.Publish()
	l := b.Session().Lab.(*assetLab)
	drainUntil(t, b, func() bool { return l.got })
	if l.err != nil || string(l.data) != "\x01\x02\x03\x04\x05" {
		t.Fatalf("data %v, err %v", l.data, l.err)
	}
	if len(l.progress) < 2 || l.progress[len(l.progress)-1] != [2]int64{5, 5} {
		t.Errorf("progress %v", l.progress)
	}
	if n := stats.Get("calls").Int(); n != 1 {
		t.Errorf("%d fetches", n)
	}
	// Opening the lab again (a hash typed into the address bar) hands the
	// cached bytes over without a second download.
	win.Get("location").Set("hash", "#v=1&lab=assettest&x=3")
	b.enqueueReopen("v=1&lab=assettest&x=3")
	drainUntil(t, b, func() bool {
		l2, ok := b.Session().Lab.(*assetLab)
		return ok && l2 != l && l2.got
	})
	if n := stats.Get("calls").Int(); n != 1 {
		t.Errorf("%d fetches after reopening", n)
	}
}

func TestAssetFailureBecomesNotice(t *testing.T) {
	fakeFetch(t)
	b, _, api := setup(t, "v=1&lab=assetmissing")
	b.Publish()
	l := b.Session().Lab.(*assetLab)
	drainUntil(t, b, func() bool { return l.got })
	if l.err == nil || !strings.Contains(l.err.Error(), "404") {
		t.Fatalf("err %v", l.err)
	}
	notices := api.Call("getState").Get("notices")
	if notices.Length() != 1 || !strings.Contains(notices.Index(0).String(), "missing.bin") {
		t.Errorf("notices %v", js.Global().Get("JSON").Call("stringify", notices))
	}
}
