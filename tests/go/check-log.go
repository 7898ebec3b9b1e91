// An outside check of the gateway's transparency formats with implementations the project did not write:
// golang.org/x/mod/sumdb/note opens the signed checkpoints (also with witness cosignature lines among the
// signatures) and golang.org/x/mod/sumdb/tlog checks the inclusion and consistency proofs. Cosignatures
// (C2SP tlog-cosignature, type 0x04), which that version does not know, are checked here with Go's
// crypto/ed25519 over the message the specification defines.
//
// Reads one JSON document on stdin and writes the verdicts as JSON on stdout. Run in GOPATH mode with
// Debian's golang-golang-x-mod-dev: GO111MODULE=off GOPATH=/usr/share/gocode go run tests/go/check-log.go
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type input struct {
	LogVkey   string   `json:"logVkey"`
	Notes     []string `json:"notes"`
	Inclusion []struct {
		LeafHash string   `json:"leafHash"`
		Index    int64    `json:"index"`
		TreeSize int64    `json:"treeSize"`
		Root     string   `json:"root"`
		Proof    []string `json:"proof"`
	} `json:"inclusion"`
	Consistency []struct {
		OldSize int64    `json:"oldSize"`
		NewSize int64    `json:"newSize"`
		OldRoot string   `json:"oldRoot"`
		NewRoot string   `json:"newRoot"`
		Proof   []string `json:"proof"`
	} `json:"consistency"`
	Cosignatures []struct {
		Vkey string `json:"vkey"`
		Note string `json:"note"`
	} `json:"cosignatures"`
}

type noteResult struct {
	OK       bool   `json:"ok"`
	Error    string `json:"error,omitempty"`
	Origin   string `json:"origin,omitempty"`
	TreeSize int64  `json:"treeSize,omitempty"`
	Root     string `json:"root,omitempty"`
	Verified int    `json:"verified"`
	Ignored  int    `json:"ignored"`
}

type cosignatureResult struct {
	OK        bool   `json:"ok"`
	Error     string `json:"error,omitempty"`
	Timestamp uint64 `json:"timestamp,omitempty"`
}

type output struct {
	Notes        []noteResult        `json:"notes"`
	Inclusion    []string            `json:"inclusion"`
	Consistency  []string            `json:"consistency"`
	Cosignatures []cosignatureResult `json:"cosignatures"`
}

func hash(b64 string) (tlog.Hash, error) {
	var h tlog.Hash
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) != len(h) {
		return h, fmt.Errorf("not a hash: %q", b64)
	}
	copy(h[:], raw)
	return h, nil
}

func hashes(list []string) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(list))
	for i, s := range list {
		h, err := hash(s)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

// The checkpoint body of C2SP tlog-checkpoint: origin, decimal size without leading zeros, base64 root.
func checkpointBody(text string) (string, int64, string, error) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 {
		return "", 0, "", fmt.Errorf("fewer than three lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || lines[1] != strconv.FormatInt(size, 10) {
		return "", 0, "", fmt.Errorf("bad tree size %q", lines[1])
	}
	if _, err := hash(lines[2]); err != nil {
		return "", 0, "", err
	}
	return lines[0], size, lines[2], nil
}

func openNote(verifiers note.Verifiers, text string) noteResult {
	n, err := note.Open([]byte(text), verifiers)
	if err != nil {
		return noteResult{Error: err.Error()}
	}
	origin, size, root, err := checkpointBody(n.Text)
	if err != nil {
		return noteResult{Error: err.Error()}
	}
	return noteResult{OK: true, Origin: origin, TreeSize: size, Root: root, Verified: len(n.Sigs), Ignored: len(n.UnverifiedSigs)}
}

// A cosignature by the vkey (type 0x04) among the note's signature lines, checked as tlog-cosignature says.
func checkCosignature(vkey, text string) cosignatureResult {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		return cosignatureResult{Error: "bad vkey"}
	}
	name := parts[0]
	key, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(key) != 33 || key[0] != 0x04 {
		return cosignatureResult{Error: "not a cosignature vkey"}
	}
	id := sha256.Sum256(append([]byte(name+"\n"), key...))
	if fmt.Sprintf("%x", id[:4]) != parts[1] {
		return cosignatureResult{Error: "key id does not match"}
	}
	split := strings.LastIndex(text, "\n\n")
	if split < 0 {
		return cosignatureResult{Error: "no signature block"}
	}
	body := text[:split+1]
	for _, line := range strings.Split(strings.TrimSuffix(text[split+2:], "\n"), "\n") {
		fields := strings.SplitN(strings.TrimPrefix(line, "\u2014 "), " ", 2)
		if len(fields) != 2 || fields[0] != name {
			continue
		}
		sig, err := base64.StdEncoding.DecodeString(fields[1])
		if err != nil || len(sig) != 4+8+ed25519.SignatureSize || !bytes.Equal(sig[:4], id[:4]) {
			continue
		}
		timestamp := binary.BigEndian.Uint64(sig[4:12])
		message := fmt.Sprintf("cosignature/v1\ntime %d\n%s", timestamp, body)
		if ed25519.Verify(ed25519.PublicKey(key[1:]), []byte(message), sig[12:]) {
			return cosignatureResult{OK: true, Timestamp: timestamp}
		}
		return cosignatureResult{Error: "signature does not verify"}
	}
	return cosignatureResult{Error: "no line by this key"}
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, "reading input:", err)
		os.Exit(1)
	}
	verifier, err := note.NewVerifier(in.LogVkey)
	if err != nil {
		fmt.Fprintln(os.Stderr, "log vkey:", err)
		os.Exit(1)
	}
	verifiers := note.VerifierList(verifier)
	out := output{Notes: []noteResult{}, Inclusion: []string{}, Consistency: []string{}, Cosignatures: []cosignatureResult{}}
	for _, text := range in.Notes {
		out.Notes = append(out.Notes, openNote(verifiers, text))
	}
	verdict := func(err error) string {
		if err != nil {
			return err.Error()
		}
		return "ok"
	}
	for _, c := range in.Inclusion {
		leaf, err1 := hash(c.LeafHash)
		root, err2 := hash(c.Root)
		proof, err3 := hashes(c.Proof)
		if err1 != nil || err2 != nil || err3 != nil {
			out.Inclusion = append(out.Inclusion, "bad input")
			continue
		}
		out.Inclusion = append(out.Inclusion, verdict(tlog.CheckRecord(proof, c.TreeSize, root, c.Index, leaf)))
	}
	for _, c := range in.Consistency {
		oldRoot, err1 := hash(c.OldRoot)
		newRoot, err2 := hash(c.NewRoot)
		proof, err3 := hashes(c.Proof)
		if err1 != nil || err2 != nil || err3 != nil {
			out.Consistency = append(out.Consistency, "bad input")
			continue
		}
		out.Consistency = append(out.Consistency, verdict(tlog.CheckTree(proof, c.NewSize, newRoot, c.OldSize, oldRoot)))
	}
	for _, c := range in.Cosignatures {
		out.Cosignatures = append(out.Cosignatures, checkCosignature(c.Vkey, c.Note))
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		os.Exit(1)
	}
}
