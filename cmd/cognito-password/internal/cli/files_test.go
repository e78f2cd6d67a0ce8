package cli

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cmd/cognito-password/internal/journal"
)

// fileState is what a snapshot records of one directory entry.
type fileState struct {
	mode    os.FileMode
	modTime time.Time
	content string
	link    string
}

// snapshot records every entry of the directories that exist, without
// following links.
func snapshot(t *testing.T, dirs ...string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	for _, dir := range dirs {
		ents, err := os.ReadDir(dir)
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		for _, e := range ents {
			p := filepath.Join(dir, e.Name())
			st, err := os.Lstat(p)
			require.NoError(t, err)
			fs := fileState{mode: st.Mode(), modTime: st.ModTime()}
			switch {
			case st.Mode().IsRegular():
				b, err := os.ReadFile(p)
				require.NoError(t, err)
				fs.content = string(b)
			case st.Mode()&os.ModeSymlink != 0:
				fs.link, err = os.Readlink(p)
				require.NoError(t, err)
			}
			out[p] = fs
		}
	}
	return out
}

// chownOrSkip gives path to uid 65534 (nobody), or skips the test where
// the running user cannot (tests in CI run as root).
func chownOrSkip(t *testing.T, path string) {
	t.Helper()
	if err := os.Lchown(path, 65534, 65534); err != nil {
		t.Skipf("cannot chown to another user here: %v", err)
	}
}

// startedJournal writes a journal of command with one user done, so that
// a run on it resumes.
func (f *fixture) startedJournal(t *testing.T, path, command, user string) {
	t.Helper()
	j, err := journal.Open(path, journal.Header{Command: command, UserPoolID: f.pool.ID()})
	require.NoError(t, err)
	require.NoError(t, j.Append(journal.Record{User: user, State: journal.Started}))
	require.NoError(t, j.Append(journal.Record{User: user, State: journal.Done}))
	require.NoError(t, j.Close())
}

func TestBulkRunsRefuseFilesAnotherUserCouldHavePlanted(t *testing.T) {
	plants := []struct {
		name   string
		plant  func(t *testing.T, path, content string)
		reason string
	}{
		{"a symbolic link", func(t *testing.T, path, content string) {
			target := filepath.Join(filepath.Dir(path), "elsewhere", filepath.Base(path))
			require.NoError(t, os.MkdirAll(filepath.Dir(target), 0o700))
			require.NoError(t, os.WriteFile(target, []byte(content), 0o600))
			require.NoError(t, os.Symlink(target, path))
		}, "is a symbolic link"},
		{"a file owned by another user", func(t *testing.T, path, content string) {
			require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
			chownOrSkip(t, path)
		}, "owned by another user (uid 65534"},
		{"a file of mode 0666", func(t *testing.T, path, content string) {
			require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
			require.NoError(t, os.Chmod(path, 0o666))
		}, "by other users (mode 0666)"},
		{"a directory", func(t *testing.T, path, _ string) {
			require.NoError(t, os.Mkdir(path, 0o700))
		}, "not a regular file (a directory)"},
	}
	users := []string{"alice", "bob", "carol"}
	files := []struct {
		name    string
		command string
		file    func(dir string) string
		content func(f *fixture) string
	}{
		{"the journal", "bulk-reset", func(dir string) string { return filepath.Join(dir, "users.csv.journal") },
			func(f *fixture) string {
				return `{"kind":"header","version":1,"command":"bulk-reset","userPoolId":"` + f.pool.ID() + `"}` + "\n" +
					`{"user":"alice","state":"done"}` + "\n" + `{"user":"bob","state":"done"}` + "\n"
			}},
		{"the failures file", "bulk-reset", func(dir string) string { return filepath.Join(dir, "users.csv.journal.failed.csv") },
			func(*fixture) string { return "username,class,code,message\n" }},
		{"the unknown file", "bulk-reset", func(dir string) string { return filepath.Join(dir, "users.csv.journal.unknown.csv") },
			func(*fixture) string { return "username,class,code,message\n" }},
		{"the passwords file of a resumed run", "bulk-set", func(dir string) string { return filepath.Join(dir, "pw.csv") },
			func(*fixture) string { return "username,password,state\n" }},
	}
	for _, file := range files {
		for _, plant := range plants {
			for _, dry := range []bool{false, true} {
				name := file.name + " as " + plant.name + " is refused with exit 2"
				if dry {
					name += " in a dry run too"
				}
				t.Run(name, func(t *testing.T) {
					f := newFixture(t, users...)
					input := f.usersCSV(t, "users.csv", users)
					args := append([]string{file.command, "--user-pool-id", f.pool.ID(), "--input", input}, fast...)
					if file.command == "bulk-set" {
						f.startedJournal(t, input+".journal", "bulk-set", "alice")
						args = append(args, "--passwords-out", filepath.Join(f.dir, "pw.csv"))
					}
					if dry {
						args = append(args, "--dry-run")
					}
					path := file.file(f.dir)
					plant.plant(t, path, file.content(f))
					elsewhere := filepath.Join(f.dir, "elsewhere")
					before := snapshot(t, f.dir, elsewhere)

					r := f.run(t, "", args...)
					assert.Equal(t, ExitUsage, r.code, r)
					assert.Contains(t, r.stderr, "refusing "+path+": it ")
					assert.Contains(t, r.stderr, plant.reason)
					assert.Zero(t, f.s.RequestCount(""), "nothing is sent")
					assert.Equal(t, before, snapshot(t, f.dir, elsewhere), "no file is changed or created")
				})
			}
		}
	}
}

func TestABulkDryRunOpensNothingForWriting(t *testing.T) {
	users := []string{"alice", "bob", "carol"}
	t.Run("with no journal, no file is created", func(t *testing.T) {
		f := newFixture(t, users...)
		input := f.usersCSV(t, "users.csv", users)
		before := snapshot(t, f.dir)
		r := f.run(t, "", "bulk-set", "--user-pool-id", f.pool.ID(), "--input", input, "--passwords-out", filepath.Join(f.dir, "pw.csv"), "--dry-run")
		require.Equal(t, ExitOK, r.code, r)
		assert.Equal(t, before, snapshot(t, f.dir))
		assert.Zero(t, f.s.RequestCount(""))
	})
	t.Run("a resumed journal with a torn record, and every other file, keep their contents and times", func(t *testing.T) {
		f := newFixture(t, users...)
		input := f.usersCSV(t, "users.csv", users)
		jpath := input + ".journal"
		f.startedJournal(t, jpath, "bulk-set", "alice")
		fh, err := os.OpenFile(jpath, os.O_APPEND|os.O_WRONLY, 0)
		require.NoError(t, err)
		_, err = fh.WriteString(`{"user":"bob","sta`)
		require.NoError(t, err)
		require.NoError(t, fh.Close())
		f.writeFile(t, "users.csv.journal.failed.csv", "username,class,code,message\ncarol,error,,x\n")
		f.writeFile(t, "users.csv.journal.unknown.csv", "username,class,code,message\nbob,unknown,,x\n")
		f.writeFile(t, "pw.csv", "username,password,state\nalice,Secret-Passw0rd!,set\n")
		// Times in the past, so that a write now would show.
		old := time.Now().Add(-time.Hour).Truncate(time.Second)
		ents, err := os.ReadDir(f.dir)
		require.NoError(t, err)
		for _, e := range ents {
			require.NoError(t, os.Chtimes(filepath.Join(f.dir, e.Name()), old, old))
		}
		before := snapshot(t, f.dir)

		r := f.run(t, "", "bulk-set", "--user-pool-id", f.pool.ID(), "--input", input, "--passwords-out", filepath.Join(f.dir, "pw.csv"), "--dry-run")
		require.Equal(t, ExitOK, r.code, r)
		assert.Contains(t, r.stdout, "would do:     2 users")
		assert.Equal(t, before, snapshot(t, f.dir))
		assert.Zero(t, f.s.RequestCount(""))
	})
}

func TestAJournalFlagPointingAtAnotherFileNeverChangesIt(t *testing.T) {
	for _, dry := range []bool{true, false} {
		name := "a real run"
		if dry {
			name = "a dry run"
		}
		t.Run(name+" refuses a one-line file with exit 2 and leaves it as it was", func(t *testing.T) {
			users := []string{"alice"}
			f := newFixture(t, users...)
			input := f.usersCSV(t, "users.csv", users)
			notes := f.writeFile(t, "notes.txt", "one precious line, no newline")
			before := snapshot(t, f.dir)
			args := []string{"bulk-reset", "--user-pool-id", f.pool.ID(), "--input", input, "--journal", notes}
			if dry {
				args = append(args, "--dry-run")
			}
			r := f.run(t, "", args...)
			assert.Equal(t, ExitUsage, r.code, r)
			assert.Contains(t, r.stderr, notes+" is not a cognito-password journal")
			assert.Equal(t, before, snapshot(t, f.dir))
			assert.Zero(t, f.s.RequestCount(""))
		})
	}
}

func TestABulkSetPasswordsFileThatIsNotOneIsNeverAppendedTo(t *testing.T) {
	users := []string{"alice", "bob"}
	f := newFixture(t, users...)
	input := f.usersCSV(t, "users.csv", users)
	f.startedJournal(t, input+".journal", "bulk-set", "alice")
	pw := f.writeFile(t, "pw.csv", "my,own,notes\n")
	before := snapshot(t, f.dir)
	r := f.run(t, "", "bulk-set", "--user-pool-id", f.pool.ID(), "--input", input, "--passwords-out", pw, "--yes")
	assert.Equal(t, ExitUsage, r.code, r)
	assert.Contains(t, r.stderr, "not a passwords file")
	assert.Zero(t, f.s.RequestCount(""))
	after := snapshot(t, f.dir)
	assert.Equal(t, before[pw], after[pw])
}
