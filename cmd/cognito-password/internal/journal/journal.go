// Package journal records the progress of a bulk run in an append-only
// file, so that an interrupted run can resume without repeating a user.
//
// # Format
//
// The file holds JSON lines. The first is a [Header] naming the command and
// the user pool; each later line is a [Record] for one user. A user's state
// is the state of its last record:
//
//   - [Started] is written, and fsync'd, before the request is sent;
//   - [Done], [Failed] or [Unknown] is written, and fsync'd, once the
//     answer is known.
//
// A user whose last record is Started had a request in flight when the run
// stopped (a crash, a kill, a lost record): the request may or may not have
// been processed, so [Replay.State] reports it as [Unknown].
//
// A final line without its newline, after a whole header line, is the torn
// write of a crash. It is dropped when the journal is opened, and the file
// is truncated to the last whole record, since a torn Started was never
// followed by a request and a torn final record leaves the user Started,
// that is Unknown. A file whose first line is not a header is not a
// journal: it is refused and never written to.
//
// The journal never holds a secret: no password, code or token.
package journal

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/safefile"
)

// Version is the version of the journal format written in headers.
const Version = 1

// maxLine caps one journal line; usernames are at most 128 characters.
const maxLine = 64 << 10

// State is the state of one user in a bulk run.
type State string

// The states of a user.
const (
	// None means the journal has no record of the user.
	None State = ""
	// Started means the request was about to be sent.
	Started State = "started"
	// Done means the service carried the request out (it answered with
	// success, even if the answer could not be read).
	Done State = "done"
	// Failed means the service refused the request, or it was never sent:
	// nothing happened to the user and repeating it is safe. An outcome
	// where the service may have acted is never Failed.
	Failed State = "failed"
	// Unknown means the request may or may not have been processed.
	Unknown State = "unknown"
)

// Header is the first line of a journal.
type Header struct {
	// Kind is always "header".
	Kind string `json:"kind"`
	// Version is the format version, [Version].
	Version int `json:"version"`
	// Command is the bulk command, such as "bulk-reset".
	Command string `json:"command"`
	// UserPoolID is the user pool the run acts on.
	UserPoolID string `json:"userPoolId"`
	// Created is when the journal was created.
	Created time.Time `json:"created"`
}

// Record is a line of a journal about one user.
type Record struct {
	// Time is when the record was written.
	Time time.Time `json:"t"`
	// User is the username, as given in the input.
	User string `json:"user"`
	// State is the user's new state.
	State State `json:"state"`
	// Class is the error class of a Failed or Unknown record, such as
	// "not_found" or "throttled", or "processed" for a Done record whose
	// success answer could not be read.
	Class string `json:"class,omitempty"`
	// Code is the error code, such as "UserNotFoundException".
	Code string `json:"code,omitempty"`
	// Message is the error message. It never holds a secret.
	Message string `json:"message,omitempty"`
}

// MismatchError is returned by [Open] when an existing journal belongs to
// another command or user pool.
type MismatchError struct {
	// Path is the journal file.
	Path string
	// Have is the header in the file; Want is the one asked for.
	Have, Want Header
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("journal: %s is the journal of %s on user pool %s, not of %s on %s; use another --journal file",
		e.Path, e.Have.Command, e.Have.UserPoolID, e.Want.Command, e.Want.UserPoolID)
}

// ErrLocked is returned by [Open] when another process holds the journal.
var ErrLocked = errors.New("journal: the file is in use by another run")

// Replay is what an existing journal says about each user.
type Replay struct {
	last  map[string]Record
	order []string
}

// State returns the user's state: [None], [Done], [Failed] or [Unknown]
// (a [Started] user whose request had no recorded answer is Unknown).
func (r *Replay) State(user string) State {
	rec, ok := r.last[user]
	if !ok {
		return None
	}
	if rec.State == Started {
		return Unknown
	}
	return rec.State
}

// Last returns the last record of the user, if any.
func (r *Replay) Last(user string) (Record, bool) {
	rec, ok := r.last[user]
	return rec, ok
}

// Users returns every user with a record, in the order of their first
// record.
func (r *Replay) Users() []string { return append([]string(nil), r.order...) }

// Len returns how many users have a record.
func (r *Replay) Len() int { return len(r.order) }

// Count returns how many users are in the given state, as [Replay.State]
// reports it.
func (r *Replay) Count(s State) int {
	n := 0
	for _, u := range r.order {
		if r.State(u) == s {
			n++
		}
	}
	return n
}

// Journal is an open journal file. Its Append method is safe for concurrent
// use; concurrent appends share fsync calls (group commit).
type Journal struct {
	path   string
	f      *os.File
	unlock func() error
	replay *Replay

	mu      sync.Mutex // guards f writes, written, err, closed
	written uint64     // records written so far
	err     error      // first write or sync error; the journal is then unusable
	closed  bool

	syncMu sync.Mutex // serialises fsync
	synced uint64     // records known to be on disk
}

// ErrNotJournal is matched by the error of [Open] and [Read] when the file
// is not a journal: it is left as it was.
var ErrNotJournal = errors.New("not a cognito-password journal")

// Open opens the journal at path for the command and user pool of want,
// creating it (mode 0600) if it does not exist. A symbolic link is never
// followed, and an existing file is refused unless it is a regular file of
// the running user that no other user can write to
// (*[safefile.UnsafeError]). An existing journal must start with a header
// line ([ErrNotJournal]; nothing is written to a file that is not a
// journal) of the same command and pool ([MismatchError]); its records are
// read into the returned Journal's [Journal.Replay]. The file is locked
// against other runs ([ErrLocked]) where the platform allows.
func Open(path string, want Header) (*Journal, error) {
	want.Kind = "header"
	want.Version = Version
	f, _, err := safefile.OpenOrCreate(path, os.O_RDWR, safefile.Writable)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	unlock, err := lock(f)
	if err != nil {
		f.Close()
		if errors.Is(err, ErrLocked) {
			return nil, fmt.Errorf("%w: %s", ErrLocked, path)
		}
		return nil, fmt.Errorf("journal: lock %s: %w", path, err)
	}
	j := &Journal{path: path, f: f, unlock: unlock}
	fail := func(err error) (*Journal, error) {
		unlock()
		f.Close()
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		return fail(fmt.Errorf("journal: %w", err))
	}
	if st.Size() == 0 {
		// A new journal, or one whose creator died before its header was
		// written: there is nothing in it to lose.
		j.replay = &Replay{last: map[string]Record{}}
		if want.Created.IsZero() {
			want.Created = time.Now().UTC()
		}
		line, _ := json.Marshal(want)
		if _, err := f.Write(append(line, '\n')); err != nil {
			return fail(fmt.Errorf("journal: write header: %w", err))
		}
		if err := f.Sync(); err != nil {
			return fail(fmt.Errorf("journal: sync: %w", err))
		}
		syncDir(path)
		return j, nil
	}
	replay, good, err := read(f, path, want)
	if err != nil {
		return fail(err)
	}
	j.replay = replay
	if good < st.Size() {
		// A torn final record after a valid header: the process died
		// while writing it.
		if err := f.Truncate(good); err != nil {
			return fail(fmt.Errorf("journal: truncate torn record: %w", err))
		}
		if err := f.Sync(); err != nil {
			return fail(fmt.Errorf("journal: sync: %w", err))
		}
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		return fail(fmt.Errorf("journal: %w", err))
	}
	return j, nil
}

// Read reads the journal at path, as [Open] would, without writing, creating
// or locking anything: a missing journal gives an empty Replay, and a torn
// final record is ignored but left in the file. It is for dry runs.
func Read(path string, want Header) (*Replay, error) {
	want.Kind = "header"
	want.Version = Version
	f, err := safefile.OpenExisting(path, os.O_RDONLY, safefile.Writable)
	if errors.Is(err, fs.ErrNotExist) {
		return &Replay{last: map[string]Record{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	if st.Size() == 0 {
		return &Replay{last: map[string]Record{}}, nil
	}
	replay, _, err := read(f, path, want)
	return replay, err
}

// read replays an existing journal from its start and checks its header.
// It returns the offset just past the last whole line: a final line
// without its newline is a torn write, which the caller may truncate.
func read(f io.ReadSeeker, path string, want Header) (*Replay, int64, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, 0, fmt.Errorf("journal: %w", err)
	}
	replay := &Replay{last: map[string]Record{}}
	notJournal := fmt.Errorf("journal: %s is %w (its first line is not a journal header); it was left as it was, choose another --journal file", path, ErrNotJournal)
	r := bufio.NewReaderSize(f, maxLine)
	var good int64 // offset just past the last whole line
	lineNo := 0
	for {
		line, err := r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if lineNo == 0 {
				return nil, 0, notJournal
			}
			return nil, 0, fmt.Errorf("journal: %s:%d: line longer than %d bytes", path, lineNo+1, maxLine)
		}
		if err == io.EOF {
			if lineNo == 0 {
				// No whole first line: whatever it is, it is no journal
				// this program wrote (a header is written and synced
				// whole before anything else).
				return nil, 0, notJournal
			}
			break
		}
		if err != nil {
			return nil, 0, fmt.Errorf("journal: read %s: %w", path, err)
		}
		lineNo++
		body := bytes.TrimSpace(line)
		if lineNo == 1 {
			var h Header
			if err := json.Unmarshal(body, &h); err != nil || h.Kind != "header" {
				return nil, 0, notJournal
			}
			if h.Version != Version {
				return nil, 0, fmt.Errorf("journal: %s has format version %d; this program reads version %d", path, h.Version, Version)
			}
			if h.Command != want.Command || h.UserPoolID != want.UserPoolID {
				return nil, 0, &MismatchError{Path: path, Have: h, Want: want}
			}
		} else if len(body) > 0 {
			var rec Record
			if err := json.Unmarshal(body, &rec); err != nil || rec.User == "" || !validState(rec.State) {
				return nil, 0, fmt.Errorf("journal: %s:%d: malformed record; the journal is damaged, refusing to guess which users were done", path, lineNo)
			}
			if _, seen := replay.last[rec.User]; !seen {
				replay.order = append(replay.order, rec.User)
			}
			replay.last[rec.User] = rec
		}
		good += int64(len(line))
	}
	return replay, good, nil
}

func validState(s State) bool {
	switch s {
	case Started, Done, Failed, Unknown:
		return true
	}
	return false
}

// Replay returns what the journal held when it was opened.
func (j *Journal) Replay() *Replay { return j.replay }

// Append writes rec and returns once it is on disk (fsync'd). After an
// error the journal accepts no more records.
func (j *Journal) Append(rec Record) error {
	if rec.Time.IsZero() {
		rec.Time = time.Now().UTC()
	}
	line, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	line = append(line, '\n')

	j.mu.Lock()
	if j.err != nil {
		err := j.err
		j.mu.Unlock()
		return err
	}
	if j.closed {
		j.mu.Unlock()
		return errors.New("journal: closed")
	}
	if _, err := j.f.Write(line); err != nil {
		j.err = fmt.Errorf("journal: write: %w", err)
		j.mu.Unlock()
		return j.err
	}
	j.written++
	seq := j.written
	j.mu.Unlock()

	// Group commit: one fsync covers every record written before it.
	j.syncMu.Lock()
	defer j.syncMu.Unlock()
	if j.synced >= seq {
		return nil
	}
	j.mu.Lock()
	upto := j.written
	j.mu.Unlock()
	if err := j.f.Sync(); err != nil {
		j.mu.Lock()
		if j.err == nil {
			j.err = fmt.Errorf("journal: sync: %w", err)
		}
		err := j.err
		j.mu.Unlock()
		return err
	}
	j.synced = upto
	return nil
}

// Close syncs, unlocks and closes the journal.
func (j *Journal) Close() error {
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return nil
	}
	j.closed = true
	j.mu.Unlock()
	j.syncMu.Lock()
	defer j.syncMu.Unlock()
	serr := j.f.Sync()
	uerr := j.unlock()
	cerr := j.f.Close()
	return errors.Join(serr, uerr, cerr)
}

// syncDir fsyncs the directory holding path, so that a newly created file
// survives a crash. Errors are ignored: not every file system allows it.
func syncDir(path string) {
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
