// An outside check of the gateway's C2SP tlog-tiles with an implementation the project did not write:
// golang.org/x/mod/sumdb/note opens the checkpoint at <prefix>/checkpoint, golang.org/x/mod/sumdb/tlog's
// TileHashReader reads the hash tiles (building their paths with its own Tile.Path, the tile height
// dropped as tlog-tiles does) and authenticates every tile it reads against the checkpoint's root, and
// every entry of every entry bundle must hash (tlog.RecordHash: SHA-256 of 0x00 and the entry) to the
// leaf hash the authenticated level-0 tiles hold for it.
//
// Usage: go run tests/go/check-tiles.go PREFIX LOG_VKEY [BEARER_TOKEN]; writes the verdict as JSON.
// Run in GOPATH mode with Debian's golang-golang-x-mod-dev: GO111MODULE=off GOPATH=/usr/share/gocode.
package main

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type verdict struct {
	OK             bool   `json:"ok"`
	Error          string `json:"error,omitempty"`
	TreeSize       int64  `json:"treeSize"`
	TilesRead      int    `json:"tilesRead"`
	EntriesChecked int64  `json:"entriesChecked"`
	ProofsChecked  int    `json:"proofsChecked"`
}

var prefix, bearer string

func get(path string) ([]byte, error) {
	req, err := http.NewRequest("GET", prefix+"/"+path, nil)
	if err != nil {
		return nil, err
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != 200 {
		return nil, fmt.Errorf("GET %s: %d %s", path, res.StatusCode, strings.TrimSpace(string(body)))
	}
	return body, nil
}

// tlog-tiles paths are x/mod's without the tile height; entry bundles take the place of x/mod's data tiles.
func c2spPath(t tlog.Tile) string {
	p := strings.Replace(t.Path(), fmt.Sprintf("tile/%d/", t.H), "tile/", 1)
	return strings.Replace(p, "tile/data/", "tile/entries/", 1)
}

type httpTiles struct{ read int }

func (h *httpTiles) Height() int { return 8 }
func (h *httpTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := get(c2spPath(t))
		if err != nil {
			return nil, err
		}
		out[i] = data
		h.read++
	}
	return out, nil
}
func (h *httpTiles) SaveTiles([]tlog.Tile, [][]byte) {}

func check(vkey string) (v verdict) {
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		v.Error = "log key: " + err.Error()
		return
	}
	raw, err := get("checkpoint")
	if err != nil {
		v.Error = err.Error()
		return
	}
	n, err := note.Open(raw, note.VerifierList(verifier))
	if err != nil {
		v.Error = "checkpoint: " + err.Error()
		return
	}
	lines := strings.Split(n.Text, "\n")
	size, err1 := strconv.ParseInt(lines[1], 10, 64)
	root, err2 := base64.StdEncoding.DecodeString(lines[2])
	if len(lines) < 4 || err1 != nil || err2 != nil || len(root) != tlog.HashSize {
		v.Error = "checkpoint body"
		return
	}
	tree := tlog.Tree{N: size}
	copy(tree.Hash[:], root)
	v.TreeSize = size
	reader := &httpTiles{}
	hashes := tlog.TileHashReader(tree, reader)
	head, err := tlog.TreeHash(size, hashes)
	if err != nil || head != tree.Hash {
		v.Error = fmt.Sprintf("tree hash from the tiles: %v", err)
		return
	}
	indexes := make([]int64, size)
	for i := range indexes {
		indexes[i] = tlog.StoredHashIndex(0, int64(i))
	}
	leaves, err := hashes.ReadHashes(indexes)
	if err != nil {
		v.Error = "leaf hashes: " + err.Error()
		return
	}
	for start := int64(0); start < size; start += 256 {
		width := size - start
		if width > 256 {
			width = 256
		}
		bundle, err := get(c2spPath(tlog.Tile{H: 8, L: -1, N: start / 256, W: int(width)}))
		if err != nil {
			v.Error = err.Error()
			return
		}
		for i := int64(0); i < width; i++ {
			if len(bundle) < 2 || len(bundle) < 2+int(binary.BigEndian.Uint16(bundle)) {
				v.Error = fmt.Sprintf("entry bundle %d: truncated at entry %d", start/256, i)
				return
			}
			length := int(binary.BigEndian.Uint16(bundle))
			if tlog.RecordHash(bundle[2:2+length]) != leaves[start+i] {
				v.Error = fmt.Sprintf("entry %d does not hash to its leaf", start+i)
				return
			}
			bundle = bundle[2+length:]
			v.EntriesChecked++
		}
		if len(bundle) != 0 {
			v.Error = fmt.Sprintf("entry bundle %d: %d bytes after its last entry", start/256, len(bundle))
			return
		}
	}
	for _, index := range []int64{0, size / 2, size - 1} {
		proof, err := tlog.ProveRecord(size, index, hashes)
		if err == nil {
			err = tlog.CheckRecord(proof, size, tree.Hash, index, leaves[index])
		}
		if err != nil {
			v.Error = fmt.Sprintf("inclusion of %d: %v", index, err)
			return
		}
		v.ProofsChecked++
	}
	v.TilesRead = reader.read
	v.OK = true
	return
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: check-tiles PREFIX LOG_VKEY [BEARER_TOKEN]")
		os.Exit(2)
	}
	prefix = strings.TrimSuffix(os.Args[1], "/")
	if len(os.Args) > 3 {
		bearer = os.Args[3]
	}
	out, _ := json.Marshal(check(os.Args[2]))
	fmt.Println(string(out))
}
