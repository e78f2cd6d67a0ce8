package cli

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// entry is one user of a bulk input.
type entry struct {
	user     string
	password string // bulk-set --passwords-from-input only; never printed
	line     int
}

// userList is a parsed bulk input.
type userList struct {
	entries     []entry // unique users, in input order
	duplicates  int     // later lines repeating a username
	hasPassword bool    // the input has a password column or member
}

// maxInputLine caps one line of an input, CSV or JSON lines, so that a
// huge line cannot take memory without bound.
const maxInputLine = 1 << 20

// lineTooLongError is a line of the input over maxInputLine.
type lineTooLongError struct{ line int }

func (e *lineTooLongError) Error() string {
	return fmt.Sprintf("input line %d: longer than %d bytes (1 MiB)", e.line, maxInputLine)
}

// lineLimiter passes r through, failing with a *lineTooLongError once a
// line exceeds maxInputLine bytes.
type lineLimiter struct {
	r    io.Reader
	line int // the line being read, from 1
	run  int // bytes of that line so far
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	// Read no further than the limit allows: at most one byte past it.
	if max := maxInputLine + 1 - l.run; len(p) > max {
		p = p[:max]
	}
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		if c == '\n' {
			l.line++
			l.run = 0
			continue
		}
		l.run++
		if l.run > maxInputLine {
			return 0, &lineTooLongError{line: l.line}
		}
	}
	return n, err
}

// openInput opens the input file, or stdin for "-".
func openInput(name string, stdin io.Reader) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(stdin), nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, usagef("--input: %v", err)
	}
	return f, nil
}

// inputFormat picks csv or jsonl from the flag, the file name or the first
// byte of the input.
func inputFormat(flagValue, name string, br *bufio.Reader) (string, error) {
	switch flagValue {
	case "csv", "jsonl":
		return flagValue, nil
	case "", "auto":
	default:
		return "", usagef("--input-format must be auto, csv or jsonl")
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return "csv", nil
	case ".jsonl", ".ndjson", ".json":
		return "jsonl", nil
	}
	for {
		b, err := br.Peek(1)
		if err != nil {
			return "csv", nil
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			_, _ = br.ReadByte()
			continue
		case '{':
			return "jsonl", nil
		}
		return "csv", nil
	}
}

// readUserList reads a CSV (a header naming a username column, and a
// password column for bulk-set, or usernames in the first column) or JSON
// lines ({"username": ..., "password": ...}) input. Error messages name
// lines, never values, since a line may hold a password.
func readUserList(r io.Reader, name, format string) (*userList, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	format, err := inputFormat(format, name, br)
	if err != nil {
		return nil, err
	}
	var add func(yield func(entry) error) error
	if format == "jsonl" {
		add = func(yield func(entry) error) error { return readJSONLines(br, yield) }
	} else {
		add = func(yield func(entry) error) error { return readCSV(&lineLimiter{r: br, line: 1}, yield) }
	}
	l := &userList{}
	seen := map[string]bool{}
	err = add(func(en entry) error {
		if en.user == "" {
			return fmt.Errorf("input line %d: empty username", en.line)
		}
		if en.password != "" {
			l.hasPassword = true
		}
		if seen[en.user] {
			l.duplicates++
			return nil
		}
		seen[en.user] = true
		l.entries = append(l.entries, en)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

func readCSV(r io.Reader, yield func(entry) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	userCol, pwCol := 0, -1
	first := true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			var tl *lineTooLongError
			if errors.As(err, &tl) {
				return tl
			}
			if errors.As(err, &pe) {
				return fmt.Errorf("input line %d: malformed CSV (%v)", pe.StartLine, pe.Err)
			}
			return fmt.Errorf("read input: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			if hdr := headerColumns(rec); hdr != nil {
				userCol, pwCol = hdr["username"], -1
				if i, ok := hdr["password"]; ok {
					pwCol = i
				}
				continue
			}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		en := entry{line: line}
		if userCol < len(rec) {
			en.user = strings.TrimSpace(rec[userCol])
		}
		if pwCol >= 0 && pwCol < len(rec) {
			en.password = rec[pwCol]
		}
		if err := yield(en); err != nil {
			return err
		}
	}
}

// headerColumns returns the column of each known name if rec is a header
// (it has a "username" column), else nil.
func headerColumns(rec []string) map[string]int {
	cols := map[string]int{}
	for i, f := range rec {
		k := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(f, "\ufeff")))
		if _, dup := cols[k]; !dup {
			cols[k] = i
		}
	}
	if _, ok := cols["username"]; !ok {
		return nil
	}
	return cols
}

func readJSONLines(r *bufio.Reader, yield func(entry) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxInputLine)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var v struct {
			Username *string `json:"username"`
			Password *string `json:"password"`
		}
		if err := json.Unmarshal(b, &v); err != nil {
			return fmt.Errorf("input line %d: not a JSON object with a string \"username\"", line)
		}
		if v.Username == nil {
			return fmt.Errorf("input line %d: no \"username\" member", line)
		}
		en := entry{user: strings.TrimSpace(*v.Username), line: line}
		if v.Password != nil {
			en.password = *v.Password
		}
		if err := yield(en); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return &lineTooLongError{line: line + 1}
		}
		return fmt.Errorf("read input after line %d: %w", line, err)
	}
	return nil
}
