# zsh -f zsh-complete.zsh FPATH_DIR BUFFER: the matches zsh's completion
# offers for BUFFER (as if Tab were pressed at its end), one a line, from
# an interactive zsh in a pseudo-terminal with FPATH_DIR first in $fpath.
# compadd is wrapped to print each match it is given (its markers split
# in the source, so the terminal's echo of the definition is not a match).
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT=; RPROMPT=; fpath=($1 \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z 'compadd () { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; typeset -a __hits; builtin compadd -A __hits "$@"; local h; for h in $__hits; do print -r -- "<""m>$h</""m>"; done; }'
zpty -w z "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
zpty -w z "bindkey '^I' complete-word"
zpty -w z "print -r -- '<ready>'"
zpty -r z line '*<ready>*'
zpty -n -w z "$2"$'\t'
sleep 1
zpty -n -w z $'\C-u'"print -r -- '<done>'"$'\n'
out=
# Bounded: the caller runs this under timeout(1).
while zpty -r -t z chunk; do
	out+=$chunk
	[[ $out == *"print -r -- '<done>'"*'<done>'* ]] && break
done
for m in ${(f)out}; do
	if [[ $m == *'<m>'*'</m>'* ]]; then
		m=${m#*<m>}
		print -r -- ${m%%</m>*}
	fi
done
zpty -d z
