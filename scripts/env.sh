# Sourced by the other scripts: puts the project's tools on PATH.
TOOLS_DIR="${PROCMOD_TOOLS:-$HOME/.local/share/procmod-tools}"
export PATH="$TOOLS_DIR/node_modules/.bin:$HOME/.cargo/bin:$PATH"
