package cli

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUserListsAreReadFromCSVAndJSONLines(t *testing.T) {
	cases := []struct {
		name, file, format, input string
		users, passwords          []string
		dups                      int
	}{
		{name: "CSV with a header reads the username column", file: "u.csv",
			input: "email,username\nalice@example.com,alice\nbob@example.com,bob\n", users: []string{"alice", "bob"}},
		{name: "CSV without a header reads the first column", file: "u.csv",
			input: "alice\nbob,extra\n\n carol \n", users: []string{"alice", "bob", "carol"}},
		{name: "CSV with a byte order mark and CRLF line ends", file: "u.csv",
			input: "\ufeffUsername,Password\r\nalice,Pw-1!\r\nbob,Pw-2!\r\n", users: []string{"alice", "bob"}, passwords: []string{"Pw-1!", "Pw-2!"}},
		{name: "a quoted CSV password keeps its commas and spaces", file: "u.csv",
			input: "username,password\nalice,\" a,b \"\n", users: []string{"alice"}, passwords: []string{" a,b "}},
		{name: "repeated usernames are read once", file: "u.csv",
			input: "username\nalice\nbob\nalice\n", users: []string{"alice", "bob"}, dups: 1},
		{name: "JSON lines by extension", file: "u.jsonl",
			input: "{\"username\":\"alice\",\"password\":\"Pw-1!\"}\n\n{\"username\":\"bob\",\"password\":\"Pw-2!\",\"note\":1}\n",
			users: []string{"alice", "bob"}, passwords: []string{"Pw-1!", "Pw-2!"}},
		{name: "JSON lines sniffed from standard input", file: "-",
			input: "  {\"username\":\"alice\"}\n", users: []string{"alice"}},
		{name: "a forced format wins over the extension", file: "u.txt", format: "csv",
			input: "username\nalice\n", users: []string{"alice"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l, err := readUserList(strings.NewReader(tc.input), tc.file, tc.format)
			require.NoError(t, err)
			var users, pws []string
			for _, e := range l.entries {
				users = append(users, e.user)
				if e.password != "" {
					pws = append(pws, e.password)
				}
			}
			assert.Equal(t, tc.users, users)
			assert.Equal(t, tc.passwords, pws)
			assert.Equal(t, tc.passwords != nil, l.hasPassword)
			assert.Equal(t, tc.dups, l.duplicates)
		})
	}
}

func TestUserListErrorsNameLinesNotValues(t *testing.T) {
	cases := map[string]struct{ file, input, want string }{
		"an empty username":            {"u.csv", "username,password\n,hunter2\n", "input line 2: empty username"},
		"a JSON line without username": {"u.jsonl", "{\"password\":\"hunter2\"}\n", "input line 1: no \"username\" member"},
		"a JSON line with bad syntax":  {"u.jsonl", "{\"username\":\"a\",\"password\":hunter2}\n", "input line 1: not a JSON object"},
		"an unknown format":            {"u.csv", "a\n", "--input-format must be"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			format := ""
			if name == "an unknown format" {
				format = "xml"
			}
			_, err := readUserList(strings.NewReader(tc.input), tc.file, format)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), "hunter2")
		})
	}
}

func TestGeneratedPasswordsHaveEveryCharacterClass(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range []int{8, 16, 99} {
		for range 200 {
			pw, err := generatePassword(n)
			require.NoError(t, err)
			require.Len(t, pw, n)
			assert.True(t, strings.ContainsAny(pw, pwUpper), pw)
			assert.True(t, strings.ContainsAny(pw, pwLower), pw)
			assert.True(t, strings.ContainsAny(pw, pwDigits), pw)
			assert.True(t, strings.ContainsAny(pw, pwSymbols), pw)
			assert.False(t, strings.ContainsAny(pw, "\"',\\ `"), pw)
			assert.False(t, seen[pw])
			seen[pw] = true
		}
	}
}

func TestAnInputLineOverOneMebibyteIsRefusedByLineNumber(t *testing.T) {
	long := strings.Repeat("x", 8<<20)
	cases := []struct{ name, file, input string }{
		{"a long CSV line", "u.csv", "username\nalice\n" + long + "\nbob\n"},
		{"a long quoted CSV field", "u.csv", "username,password\nalice,a\n\"" + long + "\",b\n"},
		{"a long CSV line without a newline", "u.csv", "username\nalice\n" + long},
		{"a long JSON line", "u.jsonl", "{\"username\":\"alice\"}\n\n{\"username\":\"" + long + "\"}\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is refused naming line 3", func(t *testing.T) {
			_, err := readUserList(strings.NewReader(tc.input), tc.file, "")
			var tl *lineTooLongError
			require.ErrorAs(t, err, &tl)
			assert.Equal(t, "input line 3: longer than 1048576 bytes (1 MiB)", err.Error())
		})
	}
	t.Run("a line of exactly 1 MiB is read", func(t *testing.T) {
		user := strings.Repeat("y", maxInputLine)
		l, err := readUserList(strings.NewReader("username\n"+user+"\nbob\n"), "u.csv", "")
		require.NoError(t, err)
		require.Len(t, l.entries, 2)
		assert.Equal(t, user, l.entries[0].user)
	})
}

func TestABulkRunRefusesALongCSVLineAsInvalidInput(t *testing.T) {
	f := newFixture(t)
	input := f.writeFile(t, "users.csv", "username\nalice\n"+strings.Repeat("z", 8<<20)+"\n")
	r := f.run(t, "", "bulk-reset", "--user-pool-id", f.pool.ID(), "--input", input)
	assert.Equal(t, ExitInvalid, r.code, r)
	assert.Contains(t, r.stderr, "input line 3: longer than 1048576 bytes")
	assert.Zero(t, f.s.RequestCount(""))
}
