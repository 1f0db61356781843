package argparse

import (
	"strings"
	"unicode"
)

// wrap is Python's textwrap.wrap(text, width, initial_indent=,
// subsequent_indent=) with TextWrapper's defaults (break_long_words,
// break_on_hyphens, drop_whitespace), for text whose whitespace is already
// single spaces (argparse normalises it first).
func wrap(text string, width int, initial, subsequent string) []string {
	chunks := wordChunks([]rune(text))
	// reversed, as TextWrapper works on them
	for i, j := 0, len(chunks)-1; i < j; i, j = i+1, j-1 {
		chunks[i], chunks[j] = chunks[j], chunks[i]
	}
	var lines []string
	for len(chunks) > 0 {
		var cur [][]rune
		curLen := 0
		indent := initial
		if len(lines) > 0 {
			indent = subsequent
		}
		w := width - rlen(indent)
		if isBlank(chunks[len(chunks)-1]) && len(lines) > 0 {
			chunks = chunks[:len(chunks)-1]
		}
		for len(chunks) > 0 {
			l := len(chunks[len(chunks)-1])
			if curLen+l <= w {
				cur = append(cur, chunks[len(chunks)-1])
				chunks = chunks[:len(chunks)-1]
				curLen += l
			} else {
				break
			}
		}
		if len(chunks) > 0 && len(chunks[len(chunks)-1]) > w {
			// _handle_long_word
			spaceLeft := 1
			if w >= 1 {
				spaceLeft = w - curLen
			}
			chunk := chunks[len(chunks)-1]
			end := spaceLeft
			if len(chunk) > spaceLeft {
				hyphen := -1
				for k := min(spaceLeft, len(chunk)) - 1; k >= 0; k-- {
					if chunk[k] == '-' {
						hyphen = k
						break
					}
				}
				if hyphen > 0 {
					for _, c := range chunk[:hyphen] {
						if c != '-' {
							end = hyphen + 1
							break
						}
					}
				}
			}
			if end > len(chunk) {
				end = len(chunk)
			}
			cur = append(cur, chunk[:end])
			chunks[len(chunks)-1] = chunk[end:]
			curLen = 0
			for _, c := range cur {
				curLen += len(c)
			}
		}
		if len(cur) > 0 && isBlank(cur[len(cur)-1]) {
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			var b strings.Builder
			b.WriteString(indent)
			for _, c := range cur {
				b.WriteString(string(c))
			}
			lines = append(lines, b.String())
		}
	}
	return lines
}

// isBlank is chunk.strip() == "" (an empty chunk included).
func isBlank(c []rune) bool {
	for _, r := range c {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

func isLetter(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isWord(r rune) bool   { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
func isWordPunct(r rune) bool {
	return isWord(r) || strings.ContainsRune(`!"'&.,?`, r)
}

// wordChunks is TextWrapper._split with break_on_hyphens: runs of
// spaces, em-dashes between words, and words split after the hyphens of
// hyphenated words (textwrap's wordsep_re, without its lookarounds).
func wordChunks(s []rune) [][]rune {
	n := len(s)
	at := func(i int) rune {
		if i < 0 || i >= n {
			return 0
		}
		return s[i]
	}
	var out [][]rune
	for i := 0; i < n; {
		if unicode.IsSpace(s[i]) {
			j := i
			for j < n && unicode.IsSpace(s[j]) {
				j++
			}
			out = append(out, s[i:j])
			i = j
			continue
		}
		// an em-dash between words: (?<=wp) -{2,} (?=\w)
		if s[i] == '-' && i > 0 && isWordPunct(s[i-1]) {
			j := i
			for j < n && s[j] == '-' {
				j++
			}
			if j-i >= 2 && j < n && isWord(s[j]) {
				out = append(out, s[i:j])
				i = j
				continue
			}
		}
		end := -1
		for j := i + 1; j <= n; j++ {
			if unicode.IsSpace(s[j-1]) {
				break
			}
			// a hyphenated word: the hyphen at j ends the chunk
			if at(j) == '-' && (j >= 2 && isLetter(at(j-2)) && isLetter(at(j-1)) ||
				j >= 3 && isLetter(at(j-3)) && at(j-2) == '-' && isLetter(at(j-1))) &&
				isLetter(at(j+1)) && (isLetter(at(j+2)) || at(j+2) == '-' && isLetter(at(j+3))) {
				end = j + 1
				break
			}
			// the end of the word
			if j == n || unicode.IsSpace(s[j]) {
				end = j
				break
			}
			// before an em-dash: (?<=wp) (?=-{2,}\w)
			if isWordPunct(s[j-1]) && at(j) == '-' && at(j+1) == '-' {
				k := j
				for k < n && s[k] == '-' {
					k++
				}
				if k < n && isWord(s[k]) {
					end = j
					break
				}
			}
		}
		if end < 0 {
			end = i + 1
		}
		out = append(out, s[i:end])
		i = end
	}
	return out
}
