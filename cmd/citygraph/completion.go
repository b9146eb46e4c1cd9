package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/suggest"
)

const completionUsage = `Usage: citygraph completion bash|zsh|fish

Prints a shell completion script for citygraph's commands, analyses and
flags. Load it with:

  bash:  source <(citygraph completion bash)     (or save it to /etc/bash_completion.d/citygraph)
  zsh:   source <(citygraph completion zsh)      (or save it as _citygraph in a directory of $fpath)
  fish:  citygraph completion fish | source      (or save it to ~/.config/fish/completions/citygraph.fish)
`

// completionWords is what completion offers after each command: its
// subcommands and flags. Flag names are read from the commands' own flag
// sets, so they stay in step with them.
func (a *app) completionWords() map[string][]string {
	words := map[string][]string{
		"analyze":    slices.Clone(analyses),
		"completion": {"bash", "zsh", "fish"},
		"scores":     {"list", "remove"},
		"places":     {"check", "aliases"},
	}
	for cmd, flags := range a.commandFlags() {
		words[cmd] = append(words[cmd], flags...)
	}
	return words
}

func (a *app) runCompletion(args []string) error {
	if len(args) != 1 {
		fmt.Fprint(a.stderr, completionUsage)
		return usageError("completion needs one shell: bash, zsh or fish")
	}
	var script string
	switch args[0] {
	case "bash":
		script = a.bashCompletion()
	case "zsh":
		script = "#compdef citygraph\nautoload -U +X bashcompinit && bashcompinit\n" + a.bashCompletion()
	case "fish":
		script = a.fishCompletion()
	case "-h", "--help", "help":
		fmt.Fprint(a.stdout, completionUsage)
		return nil
	default:
		return usageError("unknown shell %q%s: want bash, zsh or fish", args[0], suggest.DidYouMean(args[0], []string{"bash", "zsh", "fish"}))
	}
	_, err := fmt.Fprint(a.stdout, script)
	return err
}

// bashCompletion is a bash script (also run by zsh through bashcompinit).
func (a *app) bashCompletion() string {
	var b strings.Builder
	b.WriteString("# bash completion for citygraph (citygraph completion bash)\n_citygraph() {\n")
	b.WriteString("  local cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]} words\n")
	b.WriteString("  if [ \"$COMP_CWORD\" -eq 1 ]; then\n")
	fmt.Fprintf(&b, "    COMPREPLY=($(compgen -W %q -- \"$cur\"))\n    return\n  fi\n", strings.Join(commands, " "))
	b.WriteString("  case $cmd in\n")
	words := a.completionWords()
	for _, cmd := range commands {
		if w := words[cmd]; len(w) > 0 {
			fmt.Fprintf(&b, "  %s) words=%q ;;\n", cmd, strings.Join(w, " "))
		}
	}
	b.WriteString("  *) words= ;;\n  esac\n")
	b.WriteString("  case $cur in\n  -*|'') COMPREPLY=($(compgen -W \"$words\" -- \"$cur\")) ;;\n")
	b.WriteString("  *) COMPREPLY=($(compgen -W \"$words\" -- \"$cur\") $(compgen -f -- \"$cur\")) ;;\n  esac\n}\n")
	b.WriteString("complete -o default -F _citygraph citygraph\n")
	return b.String()
}

// fishCompletion is a fish script.
func (a *app) fishCompletion() string {
	var b strings.Builder
	b.WriteString("# fish completion for citygraph (citygraph completion fish)\ncomplete -c citygraph -f\n")
	fmt.Fprintf(&b, "complete -c citygraph -n __fish_use_subcommand -a %q\n", strings.Join(commands, " "))
	words := a.completionWords()
	for _, cmd := range commands {
		for _, w := range words[cmd] {
			if name, ok := strings.CutPrefix(w, "--"); ok {
				fmt.Fprintf(&b, "complete -c citygraph -n '__fish_seen_subcommand_from %s' -l %s\n", cmd, name)
			} else {
				fmt.Fprintf(&b, "complete -c citygraph -n '__fish_seen_subcommand_from %s' -a %s\n", cmd, w)
			}
		}
	}
	return b.String()
}

// commandFlags returns the flags of every command as "--name", read from
// the usage each command prints for --help (so nothing is listed twice by
// hand). The analyses' flags are merged under "analyze".
func (a *app) commandFlags() map[string][]string {
	calls := map[string][][]string{
		"import": {{"import"}}, "stats": {{"stats"}}, "conflicts": {{"conflicts"}}, "check": {{"check"}}, "recommend": {{"recommend"}}, "serve": {{"serve"}},
		"export": {{"export"}}, "demo": {{"demo"}}, "scores": {{"scores", "list"}, {"scores", "remove"}},
		"places": {{"places", "check"}, {"places", "aliases"}},
	}
	for _, an := range analyses {
		calls["analyze"] = append(calls["analyze"], []string{"analyze", an})
	}
	out := map[string][]string{}
	for cmd, lines := range calls {
		seen := map[string]bool{}
		for _, line := range lines {
			var usage strings.Builder
			q := &app{log: a.log, stdout: &usage, stderr: &usage, stdin: strings.NewReader(""), getenv: func(string) string { return "" }}
			q.run(context.Background(), append(line, "--help"))
			for _, l := range strings.Split(usage.String(), "\n") {
				l = strings.TrimSpace(l)
				if !strings.HasPrefix(l, "-") {
					continue
				}
				name, _, _ := strings.Cut(strings.TrimLeft(l, "-"), " ")
				if name != "" && !seen[name] {
					seen[name] = true
					out[cmd] = append(out[cmd], "--"+name)
				}
			}
		}
		slices.Sort(out[cmd])
	}
	return out
}
