package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hebbplay/core/pattern"
)

// TestShardMergeByteIdentical: every experiment split with -shard i/n for
// several n, the shards run with different -workers, merged in a shuffled
// order, prints byte for byte what the single run prints, in every format,
// warnings on stderr included.
func TestShardMergeByteIdentical(t *testing.T) {
	dir := t.TempDir()
	r := pattern.NewRand(5)
	common := []string{"-H", "6", "-M", "6", "-reps", "2", "-rules", "hebb,willshaw,bcpnn", "-quiet"}
	for _, exp := range [][]string{
		{"recall", "-P", "3,10,25"},
		{"storage", "-nflip", "1"},
		{"proto", "-P", "1,4", "-ninst", "3", "-nflip-train", "1"},
		{"corr", "-corr", "hierarchical", "-knobs", "0.5,2", "-ninst", "3", "-nflip-train", "1"},
		{"corr", "-corr", "zipf", "-knobs", "0,1", "-ninst", "0"},
	} {
		args := append(append([]string(nil), exp...), common...)
		want := map[string][2]string{}
		for _, f := range []string{"table", "csv", "json", "markdown"} {
			var out, errOut bytes.Buffer
			if err := run(context.Background(), append(args, "-format", f), &out, &errOut); err != nil {
				t.Fatalf("%v: %v", args, err)
			}
			want[f] = [2]string{out.String(), errOut.String()}
		}
		for _, n := range []int{1, 2, 3, 7, 20} {
			var files []string
			for i := range n {
				var out bytes.Buffer
				a := append(append([]string(nil), args...), "-shard", fmt.Sprintf("%d/%d", i, n), "-workers", fmt.Sprint(1+i%2))
				if err := run(context.Background(), a, &out, &bytes.Buffer{}); err != nil {
					t.Fatalf("%v: %v", a, err)
				}
				p := filepath.Join(dir, fmt.Sprintf("%s-%d-%d", exp[0], n, i))
				if err := os.WriteFile(p, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				files = append(files, p)
			}
			r.Shuffle(len(files), func(a, b int) { files[a], files[b] = files[b], files[a] })
			for _, f := range []string{"table", "csv", "json", "markdown"} {
				var out, errOut bytes.Buffer
				if err := run(context.Background(), append([]string{"merge", "-format", f}, files...), &out, &errOut); err != nil {
					t.Fatalf("%v, %d shards, merge: %v", exp, n, err)
				}
				if got := [2]string{out.String(), errOut.String()}; got != want[f] {
					t.Fatalf("%v, %d shards, -format %s: merge printed\n%s%s\nthe single run\n%s%s", exp, n, f, got[0], got[1], want[f][0], want[f][1])
				}
			}
			if n == 3 {
				// A missing shard, a shard twice, and a shard of another
				// configuration are usage errors.
				other := filepath.Join(dir, "other")
				var out bytes.Buffer
				if err := run(context.Background(), append(append([]string(nil), args...), "-seed", "99", "-shard", "0/3"), &out, &bytes.Buffer{}); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(other, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				for _, bad := range [][]string{files[1:], append(files, files[0]), append(files[1:], other)} {
					_, err := runArgs(t, append([]string{"merge"}, bad...)...)
					var u usageError
					if err == nil || !errors.As(err, &u) {
						t.Errorf("%v: merge of %d files: error %v, want a usage error", exp, len(bad), err)
					}
				}
			}
		}
	}
}

// TestShardBadInput: bad -shard values and merge inputs name the problem.
func TestShardBadInput(t *testing.T) {
	junk := filepath.Join(t.TempDir(), "junk")
	if err := os.WriteFile(junk, []byte("rule,P\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"storage", "-shard", "3/3"}, "want i/n with 0 ≤ i < n"},
		{[]string{"storage", "-shard", "-1/3"}, "want i/n with 0 ≤ i < n"},
		{[]string{"storage", "-shard", "1"}, "want i/n"},
		{[]string{"storage", "-shard", "0/0"}, "want i/n"},
		{[]string{"storage", "-shard", "0/2", "-target-ci", "0.05"}, "cannot run with -shard"},
		{[]string{"merge"}, "name the shard files"},
		{[]string{"merge", "-format", "xml", junk}, "want table, csv"},
		{[]string{"merge", junk}, "not a shard file"},
		{[]string{"merge", junk + "-missing"}, "no such file"},
	} {
		_, err := runArgs(t, tc.args...)
		var u usageError
		if err == nil || !errors.As(err, &u) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want a usage error containing %q", tc.args, err, tc.want)
		}
	}
}
