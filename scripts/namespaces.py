#!/usr/bin/env python3
"""Namespaces follow folders: every C# file declares its project's root namespace plus its folder path.

    python3 scripts/namespaces.py --check     lists each file whose namespace is wrong; exit 1 if any
    python3 scripts/namespaces.py --fix       rewrites those declarations and every reference to the moved types
    python3 scripts/namespaces.py --fix --dry-run   says what --fix would change, changes nothing

The rule (the same as tests/EdgeCompute.Repository.Tests/NamespaceTests.cs):
- A file belongs to its home project: the deepest folder above it holding a .csproj or .nfproj. Its namespace is the
  project's <RootNamespace> (else the project file's name) plus the file's folder path below the project folder.
  A file compiled into other projects too (the ESP32 app's .nfproj links the firmware core and kernels, the
  nanoFramework gate compiles them again) still follows its home project, not the folder it is linked under.
- Source folders that belong to no project and are compiled by link into several (LINKED_FOLDERS below) have a fixed
  root namespace of their own.
- A Program.cs may declare no namespace (top-level statements); any other file must declare one.

--fix changes, for each file whose namespace is wrong, the namespace it declares, and then everywhere in the repository:
- fully qualified names of a moved type (code, XML doc crefs, strings such as logging categories and reflection names,
  `using static`, aliases, scripts, docs): Old.Ns.Type -> New.Ns.Type;
- names qualified relative to an enclosing namespace or a using (Messages.Type inside EdgeCompute.Protocol);
- using directives: a file that saw a moved type through its old namespace (a using, or an enclosing namespace) gets a
  using of the new one (extension methods included); a moved file gets usings for what it saw through its old enclosing
  namespaces; a using whose namespace no longer exists or holds no type any more, or that only served types that left,
  or that names the file's own namespace, goes; where two imported namespaces now offer one name, an alias picks the
  type the name meant before;
- a `global using` of a namespace that lost types gets a `global using` of their new namespaces beside it;
- a text naming an old namespace that is gone (a logging category, a test filter): its new namespace, when there is one.
A file compiled into several projects only gets usings of namespaces every one of them sees.
It stops before writing anything (exit 2) when the result could not compile and a person must decide: a type that would
be named like its namespace, a new namespace clashing with a type in its parent, a new namespace that would hide a name
code in its parent namespace uses as a type (a folder named Random hides System.Random), a partial type split across
folders, a file with more than one namespace or none. It warns (and still fixes) where a text names an old namespace
whose types went to several new ones, and where a name would bind to another type in an enclosing namespace.
Standard library only; no build needed; about 2 seconds on this repository. Its tests: scripts/namespaces_test.py.
"""
from __future__ import annotations

import argparse
import glob
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field

# Folders compiled by link into several test projects; they belong to none of them (kept in step with NamespaceTests).
LINKED_FOLDERS = {
    "tests/Shared": "EdgeCompute.Tests",
    "tests/SharedVectors": "EdgeCompute.Tests.Vectors",
}
SKIP_DIRS = {"bin", "obj", ".git", "node_modules"}
# Text files (besides .cs) where fully qualified type names are rewritten: docs, scripts, CI, configuration.
TEXT_EXTENSIONS = {".md", ".sh", ".json", ".yml", ".yaml", ".xml", ".props", ".targets", ".csproj", ".nfproj", ".txt",
                   ".service", ".config", ".http", ".ps1", ".toml"}
TEXT_NAMES = {"run"}

IDENT = r"@?[A-Za-z_][A-Za-z0-9_]*"


# ---------------------------------------------------------------------------------------------------------------------
# A small C# lexer: enough to tell code from comments and strings, and to find identifiers, braces and namespaces.


@dataclass
class Token:
    kind: str  # ident, punct, string, char, comment, doc, preproc, number
    start: int
    end: int
    text: str


def lex(src: str) -> list[Token]:
    tokens: list[Token] = []
    _lex_code(src, 0, tokens, stop_at_brace=False)
    return tokens


def _lex_code(src: str, i: int, out: list[Token], stop_at_brace: bool) -> int:
    """Lexes code from i; with stop_at_brace, returns at the '}' closing an interpolation hole (its index)."""
    n = len(src)
    depth = 0
    line_start = True
    while i < n:
        c = src[i]
        if c == "\n":
            line_start = True
            i += 1
            continue
        if c in " \t\r\f\v":
            i += 1
            continue
        if c == "#" and line_start and not stop_at_brace:
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(Token("preproc", i, j, src[i:j]))
            i = j
            continue
        line_start = False
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            kind = "doc" if src.startswith("///", i) and not src.startswith("////", i) else "comment"
            out.append(Token(kind, i, j, src[i:j]))
            i = j
            continue
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            kind = "doc" if src.startswith("/**", i) and not src.startswith("/**/", i) else "comment"
            out.append(Token(kind, i, j, src[i:j]))
            i = j
            continue
        m = re.compile(r"(\$*)(@?)(\$*)(\"+)").match(src, i) if c in "$@\"" else None
        if m and (m.group(4) or "").startswith('"'):
            i = _lex_string(src, i, m, out)
            continue
        if c == "'":
            j = i + 1
            while j < n and src[j] != "'":
                j += 2 if src[j] == "\\" else 1
            out.append(Token("char", i, j + 1, src[i:j + 1]))
            i = j + 1
            continue
        if c.isalpha() or c == "_" or (c == "@" and i + 1 < n and (src[i + 1].isalpha() or src[i + 1] == "_")):
            j = i + 1
            while j < n and (src[j].isalnum() or src[j] == "_"):
                j += 1
            out.append(Token("ident", i, j, src[i:j]))
            i = j
            continue
        if c.isdigit():
            j = i + 1
            while j < n and (src[j].isalnum() or src[j] in "._") and not (src[j] == "." and not src[j + 1:j + 2].isdigit()):
                j += 1
            out.append(Token("number", i, j, src[i:j]))
            i = j
            continue
        if stop_at_brace:
            if c == "{":
                depth += 1
            elif c == "}":
                if depth == 0:
                    return i
                depth -= 1
        out.append(Token("punct", i, i + 1, c))
        i += 1
    return i


def _lex_string(src: str, i: int, m: re.Match, out: list[Token]) -> int:
    n = len(src)
    dollars = len(m.group(1)) + len(m.group(3))
    verbatim = m.group(2) == "@"
    quotes = len(m.group(4))
    start = i
    j = m.end()
    if quotes >= 3:  # raw string literal: ends at the same number of quotes; holes need `dollars` braces
        close = '"' * quotes
        pieces_start = j
        while j < n:
            if src.startswith(close, j):
                out.append(Token("string", start, j + quotes, src[start:j + quotes]))
                return j + quotes
            if dollars and src.startswith("{" * dollars, j) and not src.startswith("{" * (dollars + 1), j):
                out.append(Token("string", start, j, src[start:j]))
                end = _lex_code(src, j + dollars, out, stop_at_brace=True)
                j = end + dollars
                start = j
                continue
            j += 1
        out.append(Token("string", start, n, src[start:n]))
        return n
    if quotes == 2 and not dollars:  # "" : an empty string
        out.append(Token("string", start, j, src[start:j]))
        return j
    if quotes == 2:  # $"" empty interpolated string
        out.append(Token("string", start, j, src[start:j]))
        return j
    while j < n:
        ch = src[j]
        if verbatim and ch == '"' and src.startswith('""', j):
            j += 2
            continue
        if not verbatim and ch == "\\":
            j += 2
            continue
        if ch == '"':
            out.append(Token("string", start, j + 1, src[start:j + 1]))
            return j + 1
        if not verbatim and ch == "\n":  # unterminated; stop at the line end
            out.append(Token("string", start, j, src[start:j]))
            return j
        if dollars and ch == "{":
            if src.startswith("{{", j):
                j += 2
                continue
            out.append(Token("string", start, j, src[start:j]))
            end = _lex_code(src, j + 1, out, stop_at_brace=True)
            j = end + 1
            start = j
            continue
        j += 1
    out.append(Token("string", start, n, src[start:n]))
    return n


# ---------------------------------------------------------------------------------------------------------------------
# What a C# file declares and uses.


@dataclass
class Using:
    start: int  # offset of the line start
    end: int  # offset after the line's newline
    is_global: bool
    is_static: bool
    alias: str | None
    target: str  # namespace, or type for static/alias (as written, with global:: removed)


@dataclass
class Namespace:
    name: str
    start: int  # offset of the name
    end: int
    file_scoped: bool


@dataclass
class SourceFile:
    path: str  # relative, forward slashes
    text: str
    namespaces: list[Namespace]
    usings: list[Using]
    types: list[tuple[str, bool, bool]]  # (name, partial, has extension methods) declared directly in the namespace
    ext_methods: set[str]
    idents: set[str]  # identifiers used as simple names (not after '.') in code and crefs
    member_idents: set[str]  # identifiers used after a '.' (member access), for extension method calls
    type_uses: set[str]  # simple names in places only a type can be (new X, X y, typeof(X), X.M where X is no member here)
    qualified: list[tuple[int, int, list[str]]]  # dotted names in code: (start, end, parts) with the first part unqualified
    aliases: set[str]

    @property
    def namespace(self) -> str | None:
        return self.namespaces[0].name if self.namespaces else None


USING_LINE = re.compile(
    r"^[ \t]*(global[ \t]+)?using[ \t]+(static[ \t]+)?(?:(" + IDENT + r")[ \t]*=[ \t]*)?(?:global::)?([\w.<>, \[\]?]+?)[ \t]*;[ \t]*(?://[^\n]*)?(?:\n|$)",
    re.M)
TYPE_KEYWORDS = {"class", "struct", "interface", "enum", "record", "delegate"}
MODIFIERS = {"public", "internal", "private", "protected", "static", "sealed", "abstract", "partial", "readonly", "ref",
             "unsafe", "new", "file", "required"}
CREF = re.compile(r'cref\s*=\s*"([^"]*)"')


def parse(path: str, text: str) -> SourceFile:
    tokens = lex(text)
    code = [t for t in tokens if t.kind in ("ident", "punct")]
    namespaces: list[Namespace] = []
    types: list[tuple[str, bool, bool]] = []
    idents: set[str] = set()
    member_idents: set[str] = set()
    qualified: list[tuple[int, int, list[str]]] = []
    ext_methods: set[str] = set()
    depth = 0
    ns_depth = 0  # brace depth at which namespace members are declared
    type_stack: list[tuple[int, bool]] = []  # (depth of its body, is static class)
    pending_type: tuple[str, bool] | None = None
    k = 0
    in_using = False
    while k < len(code):
        t = code[k]
        prev = code[k - 1] if k else None
        if t.kind == "punct":
            if t.text == "{":
                depth += 1
                if pending_type is not None:
                    type_stack.append((depth, pending_type[1]))
                    pending_type = None
            elif t.text == "}":
                while type_stack and type_stack[-1][0] == depth:
                    type_stack.pop()
                depth -= 1
            elif t.text == ";":
                in_using = False
                if pending_type is not None and depth == ns_depth:
                    pending_type = None  # record without a body, delegate
            k += 1
            continue
        # identifiers
        if t.text == "using" and depth == ns_depth and not type_stack:
            in_using = True
        if t.text == "namespace" and not type_stack:
            j = k + 1
            parts = []
            while j < len(code) and code[j].kind == "ident":
                parts.append(code[j])
                if j + 1 < len(code) and code[j + 1].text == ".":
                    j += 2
                else:
                    j += 1
                    break
            if parts:
                term = code[j].text if j < len(code) else ";"
                namespaces.append(Namespace(".".join(p.text for p in parts), parts[0].start, parts[-1].end, term == ";"))
                ns_depth = depth if term == ";" else depth + 1
                k = j
                continue
        if t.text in TYPE_KEYWORDS and (prev is None or prev.text != "."):
            j = k + 1
            if t.text == "record" and j < len(code) and code[j].text in ("class", "struct"):
                j += 1
            if t.text == "delegate":  # delegate ReturnType Name(
                while j + 1 < len(code) and not (code[j].kind == "ident" and code[j + 1].text in ("(", "<")):
                    j += 1
            if j < len(code) and code[j].kind == "ident" and code[j].text not in TYPE_KEYWORDS:
                name = code[j].text.lstrip("@")
                # modifiers before the keyword
                mods = set()
                b = k - 1
                while b >= 0 and code[b].kind == "ident" and code[b].text in MODIFIERS:
                    mods.add(code[b].text)
                    b -= 1
                is_decl = b < 0 or code[b].text in (";", "{", "}", "]") or (t.text == "delegate" and code[b].text in (";", "{", "}", "]"))
                if is_decl and (prev is None or prev.text not in ("(", ",", "<", "new", "=")):
                    if not type_stack and depth == ns_depth:
                        types.append((name, "partial" in mods, False))
                    if t.text != "delegate":
                        pending_type = (name, "static" in mods)
                    k = j + 1
                    continue
        # extension methods: `this` first in a parameter list of a method in a top-level static class
        nxt = code[k + 1] if k + 1 < len(code) else None
        if t.text == "this" and prev is not None and prev.text == "(" and type_stack and type_stack[0][1] \
                and len(type_stack) == 1 and nxt is not None and nxt.kind == "ident":
            b = k - 2
            if b >= 0 and code[b].kind == "ident":
                ext_methods.add(code[b].text)
            elif b >= 0 and code[b].text == ">":  # generic method: Name<T>(this
                d = 0
                while b >= 0:
                    if code[b].text == ">":
                        d += 1
                    elif code[b].text == "<":
                        d -= 1
                        if d == 0:
                            break
                    b -= 1
                if b > 0 and code[b - 1].kind == "ident":
                    ext_methods.add(code[b - 1].text)
        if not in_using:
            if prev is not None and prev.text == ".":
                member_idents.add(t.text)
            elif not (prev is not None and prev.text == ":" and k >= 2 and code[k - 2].text == ":"):
                idents.add(t.text.lstrip("@"))
            # dotted names starting here: A.B.C (not preceded by '.' or '::')
            if (prev is None or (prev.text != "." and not (prev.text == ":" and k >= 2 and code[k - 2].text == ":"))):
                j = k
                parts = [t.text]
                while j + 2 < len(code) and code[j + 1].text == "." and code[j + 2].kind == "ident" \
                        and code[j + 1].start == code[j].end and code[j + 2].start == code[j + 1].end:
                    parts.append(code[j + 2].text)
                    j += 2
                if len(parts) > 1:
                    qualified.append((t.start, code[j].end, parts))
        k += 1
    if types:
        # mark the types of a file that declares extension methods
        types = [(name, partial, bool(ext_methods)) for name, partial, _ in types]
    for tok in tokens:
        if tok.kind == "doc":
            for m in CREF.finditer(tok.text):
                value = re.sub(r"^[A-Z]:", "", m.group(1)).replace("global::", "")
                for part in re.findall(r"(?<![.\w])[A-Za-z_][A-Za-z0-9_]*", value):
                    idents.add(part)
                # a dotted cref (Security.BatchSealer, Messages.Codec.Decode) is qualified like a name in code
                dotted = re.match(r"(?:[A-Z]:)?([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)", m.group(1))
                if dotted:
                    start = tok.start + m.start(1) + dotted.start(1)
                    qualified.append((start, start + len(dotted.group(1)), dotted.group(1).split(".")))
    usings = []
    aliases = set()
    header_end = namespaces[0].start if namespaces and namespaces[0].file_scoped else len(text)
    for m in USING_LINE.finditer(text):
        if m.start() > header_end:
            break
        if not _is_code_at(tokens, m.start(), m.end()):
            continue
        alias = m.group(3)
        if alias:
            aliases.add(alias)
        usings.append(Using(m.start(), m.end(), bool(m.group(1)), bool(m.group(2)), alias, m.group(4).strip()))
    type_uses = _type_uses(code, tokens)
    return SourceFile(path, text, namespaces, usings, types, ext_methods, idents, member_idents, type_uses, qualified, aliases)


KEYWORDS = {"return", "var", "new", "is", "as", "in", "out", "ref", "using", "namespace", "await", "yield", "throw",
            "case", "else", "goto", "typeof", "nameof", "sizeof", "default", "static", "const", "readonly", "public",
            "private", "protected", "internal", "override", "virtual", "abstract", "sealed", "partial", "async", "this",
            "base", "where", "get", "set", "init", "when", "and", "or", "not", "with", "select", "from", "let", "on",
            "equals", "by", "into", "orderby", "group", "join", "params", "event", "operator", "implicit", "explicit",
            "class", "struct", "interface", "enum", "record", "delegate", "required", "file", "unsafe", "fixed",
            "checked", "unchecked", "lock", "if", "for", "foreach", "while", "do", "switch", "try", "catch", "finally",
            "break", "continue", "true", "false", "null", "void", "global", "alias", "extern", "volatile", "stackalloc"}


def _type_uses(code: list[Token], tokens: list[Token]) -> set[str]:
    """Simple names a file uses where only a type (or namespace) can stand; members and locals named alike are left out."""
    declared = set()
    for k in range(1, len(code) - 1):
        t, prev, nxt = code[k], code[k - 1], code[k + 1]
        if t.kind == "ident" and (prev.kind == "ident" and prev.text not in KEYWORDS or prev.text in (">", "]", "?")) \
                and nxt.text in ("{", "=", ";", "(", ",", ")", "=>", ":"):
            declared.add(t.text)
    uses = set()
    for k, t in enumerate(code):
        if t.kind != "ident" or t.text in KEYWORDS:
            continue
        prev = code[k - 1] if k else None
        prev2 = code[k - 2] if k > 1 else None
        nxt = code[k + 1] if k + 1 < len(code) else None
        if prev is not None and prev.text == ".":
            continue
        if prev is not None and prev.text in ("new", "is", "as", "<"):
            uses.add(t.text)
        elif prev is not None and prev.text == "(" and prev2 is not None and prev2.text in ("typeof", "nameof", "default"):
            uses.add(t.text)
        elif nxt is not None and nxt.kind == "ident" and nxt.text not in KEYWORDS and (prev is None or prev.text != "new"):
            uses.add(t.text)  # a declaration: X name
        elif nxt is not None and nxt.text == "." and t.text not in declared:
            uses.add(t.text)
    for tok in tokens:
        if tok.kind == "doc":
            for m in CREF.finditer(tok.text):
                first = re.match(r"(?:[A-Z]:)?(?:global::)?([A-Za-z_]\w*)", m.group(1))
                if first:
                    uses.add(first.group(1))
    return uses


def _is_code_at(tokens: list[Token], start: int, end: int) -> bool:
    """True when the span starts with code (an identifier token 'global' or 'using'), not in a comment or string."""
    for t in tokens:
        if t.end <= start:
            continue
        return t.kind == "ident" and t.start < end
    return False


# ---------------------------------------------------------------------------------------------------------------------
# The repository: projects, which files each compiles, which projects each references.


@dataclass
class Project:
    folder: str  # relative
    file: str
    root_namespace: str
    references: list[str] = field(default_factory=list)  # project folders
    extra_sources: set[str] = field(default_factory=set)  # files compiled by link


class Repo:
    def __init__(self, root: str):
        self.root = os.path.abspath(root)
        self.boms: set[str] = set()
        self._homes: dict[str, tuple[str, str] | None] = {}
        self.projects: dict[str, Project] = {}
        self.cs_files: list[str] = []
        self.text_files: list[str] = []
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
            rel_folder = self.rel(folder)
            for name in sorted(files):
                rel = name if rel_folder == "." else rel_folder + "/" + name
                ext = os.path.splitext(name)[1]
                if ext in (".csproj", ".nfproj"):
                    text = self.read(rel)
                    m = re.search(r"<RootNamespace>\s*([^<\s]+)\s*</RootNamespace>", text)
                    root_ns = m.group(1) if m else os.path.splitext(name)[0]
                    self.projects[rel_folder] = Project(rel_folder, rel, root_ns)
                if ext == ".cs":
                    self.cs_files.append(rel)
                elif ext in TEXT_EXTENSIONS or name in TEXT_NAMES:
                    self.text_files.append(rel)
        for project in self.projects.values():
            self._read_project(project)

    def rel(self, path: str) -> str:
        r = os.path.relpath(path, self.root).replace(os.sep, "/")
        return r

    def read(self, rel: str) -> str:
        """The file's text without a byte order mark (remembered, and written back by write)."""
        with open(os.path.join(self.root, rel), encoding="utf-8", newline="") as f:
            text = f.read()
        if text.startswith("\ufeff"):
            self.boms.add(rel)
            text = text[1:]
        return text

    def write(self, rel: str, text: str) -> None:
        with open(os.path.join(self.root, rel), "w", encoding="utf-8", newline="") as f:
            f.write(("\ufeff" if rel in self.boms else "") + text)

    def _read_project(self, project: Project) -> None:
        files = [project.file]
        # Directory.Build.props files above the project (each imports the next one up in this repository)
        folder = project.folder
        while True:
            props = (folder + "/" if folder != "." else "") + "Directory.Build.props"
            if os.path.exists(os.path.join(self.root, props)):
                files.append(props)
            if folder == ".":
                break
            folder = os.path.dirname(folder) or "."
        for msbuild_file in files:
            text = self.read(msbuild_file)
            base = os.path.dirname(msbuild_file) or "."
            props = {"MSBuildThisFileDirectory": os.path.join(self.root, base) + "/",
                     "MSBuildProjectDirectory": os.path.join(self.root, project.folder)}
            for m in re.finditer(r"<(\w+)>([^<]*)</\1>", text):
                props.setdefault(m.group(1), m.group(2))
            for m in re.finditer(r"<ProjectReference\s+Include=\"([^\"]+)\"([^>]*)>", text):
                if 'ReferenceOutputAssembly="false"' in m.group(2):
                    continue
                ref = os.path.normpath(os.path.join(self.root, base if msbuild_file != project.file else project.folder,
                                                    m.group(1).replace("\\", "/")))
                project.references.append(self.rel(os.path.dirname(ref)))
            for m in re.finditer(r"<Compile\s+Include=\"([^\"]+)\"", text):
                pattern = m.group(1).replace("\\", "/")
                for _ in range(5):
                    pattern = re.sub(r"\$\((\w+)\)", lambda p: props.get(p.group(1), ""), pattern)
                anchor = base if msbuild_file != project.file else project.folder
                full = pattern if os.path.isabs(pattern) else os.path.join(self.root, anchor, pattern)
                for hit in glob.glob(full, recursive=True):
                    rel = self.rel(os.path.normpath(hit))
                    if not any(part in SKIP_DIRS for part in rel.split("/")):
                        project.extra_sources.add(rel)

    def home(self, rel_file: str) -> tuple[str, str] | None:
        """(owner folder, root namespace) for a file: its linked folder or its deepest project."""
        if rel_file not in self._homes:
            self._homes[rel_file] = self._home(rel_file)
        return self._homes[rel_file]

    def _home(self, rel_file: str) -> tuple[str, str] | None:
        folder = os.path.dirname(rel_file)
        for linked, ns in LINKED_FOLDERS.items():
            if folder == linked or folder.startswith(linked + "/"):
                return linked, ns
        best = None
        for p in self.projects:
            if p == "." or folder == p or folder.startswith(p + "/"):
                if best is None or len(p) > len(best):
                    best = p
        if best is None:
            return None
        return best, self.projects[best].root_namespace

    def expected_namespace(self, rel_file: str) -> str | None:
        home = self.home(rel_file)
        if home is None:
            return None
        owner, ns = home
        folder = os.path.dirname(rel_file)
        sub = folder[len(owner):].strip("/") if owner != "." else folder
        return ns + ("." + sub.replace("/", ".") if sub else "")

    def compiling_projects(self, rel_file: str) -> list[str]:
        out = []
        for folder, project in self.projects.items():
            if rel_file in project.extra_sources:
                out.append(folder)
        home = self.home(rel_file)
        if home and home[0] in self.projects:
            out.append(home[0])
        return sorted(set(out))

    def closure(self, project_folder: str) -> set[str]:
        seen = set()
        stack = [project_folder]
        while stack:
            p = stack.pop()
            if p in seen or p not in self.projects:
                continue
            seen.add(p)
            stack.extend(self.projects[p].references)
        return seen


# ---------------------------------------------------------------------------------------------------------------------
# Check


@dataclass
class Mismatch:
    path: str
    declared: str | None
    expected: str | None
    reason: str


def check(repo: Repo, parsed: dict[str, SourceFile]) -> list[Mismatch]:
    out = []
    for path in repo.cs_files:
        expected = repo.expected_namespace(path)
        src = parsed[path]
        if expected is None:
            out.append(Mismatch(path, src.namespace, None, "in no project and no linked source folder"))
            continue
        if len(src.namespaces) > 1:
            out.append(Mismatch(path, src.namespace, expected, "declares more than one namespace"))
            continue
        if src.namespace is None:
            if os.path.basename(path) != "Program.cs":
                out.append(Mismatch(path, None, expected, "declares no namespace (only a Program.cs with top-level statements may)"))
            continue
        if src.namespace != expected:
            out.append(Mismatch(path, src.namespace, expected, f"namespace {src.namespace}, expected {expected}"))
        elif any(name == expected.rpartition(".")[2] for name, _, _ in src.types):
            out.append(Mismatch(path, src.namespace, expected, f"type {expected.rpartition('.')[2]} is named like its own "
                                                              f"namespace {expected}: rename the type"))
    return out


# ---------------------------------------------------------------------------------------------------------------------
# Fix


def enclosing(ns: str | None) -> list[str]:
    """A.B.C -> [A.B.C, A.B, A] (innermost first)."""
    if not ns:
        return []
    parts = ns.split(".")
    return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]


class Model:
    """Where each type lives, before or after the moves, seen from a file's projects."""

    def __init__(self, repo: Repo, parsed: dict[str, SourceFile], file_ns: dict[str, str | None]):
        self.repo = repo
        self.parsed = parsed
        self.types: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # ns -> name -> files
        self.ext: dict[str, set[str]] = defaultdict(set)  # ns -> extension method names
        self.namespaces: set[str] = set()
        for path, src in parsed.items():
            ns = file_ns[path]
            if not ns:
                continue
            for prefix in enclosing(ns):
                self.namespaces.add(prefix)
            for name, _, _ in src.types:
                self.types[ns][name].add(path)
            self.ext[ns] |= src.ext_methods
        self.file_ns = file_ns
        self._visible_cache: dict[str, set[str] | None] = {}
        self._project_files: dict[str, set[str]] = {}

    def visible_files(self, path: str) -> set[str] | None:
        """Files whose types a file can see in every project compiling it (its home project, and any that link it) and
        their references; None when no project compiles it (then it sees every type)."""
        if path in self._visible_cache:
            return self._visible_cache[path]
        visible = None
        for project in self.repo.compiling_projects(path):
            if project not in self._project_files:
                closure = self.repo.closure(project)
                files = set()
                for p in closure:
                    files |= self.repo.projects[p].extra_sources
                files |= {f for f in self.parsed if (home := self.repo.home(f)) and home[0] in closure}
                self._project_files[project] = files
            files = self._project_files[project]
            visible = files if visible is None else visible & files
        self._visible_cache[path] = visible
        return visible

    def has(self, ns: str, name: str, viewer: str) -> bool:
        files = self.types.get(ns, {}).get(name)
        if not files:
            return False
        visible = self.visible_files(viewer)
        return visible is None or bool(files & visible)

    def resolve(self, name: str, viewer: str, ns: str | None, usings: list[str]) -> list[str]:
        """The namespaces `name` binds to from a file: the innermost enclosing namespace holding it, else all usings that do."""
        for e in enclosing(ns):
            if self.has(e, name, viewer) or self.has(e, name + "Attribute", viewer):
                return [e]
        return [u for u in usings if self.has(u, name, viewer) or self.has(u, name + "Attribute", viewer)]

    def provides_extensions(self, ns: str, src: SourceFile) -> bool:
        return bool(self.ext.get(ns, set()) & src.member_idents)


def project_global_usings(repo: Repo, parsed: dict[str, SourceFile], path: str) -> list[str]:
    out = []
    projects = set(repo.compiling_projects(path))
    for other, src in parsed.items():
        if not any(u.is_global for u in src.usings):
            continue
        if projects & set(repo.compiling_projects(other)):
            out.extend(u.target for u in src.usings if u.is_global and not u.is_static and not u.alias)
    return out


def plain_usings(src: SourceFile) -> list[str]:
    return [u.target for u in src.usings if not u.is_static and not u.alias]


def sort_key(ns: str):
    return (0 if ns == "System" or ns.startswith("System.") else 1, ns)


class Fixer:
    def __init__(self, repo: Repo, parsed: dict[str, SourceFile], mismatches: list[Mismatch]):
        self.repo = repo
        self.parsed = parsed
        self.moves = {m.path: (m.declared, m.expected) for m in mismatches if m.declared and m.expected
                      and m.reason.startswith("namespace ")}
        self.before_ns = {p: s.namespace for p, s in parsed.items()}
        self.after_ns = dict(self.before_ns)
        for path, (_, new) in self.moves.items():
            self.after_ns[path] = new
        self.before = Model(repo, parsed, self.before_ns)
        self.after = Model(repo, parsed, self.after_ns)
        # (old ns, type) -> new ns, for every type that moved
        self.type_moves: dict[tuple[str, str], str] = {}
        for path, (old, new) in self.moves.items():
            for name, _, _ in parsed[path].types:
                self.type_moves[(old, name)] = new
        self.known_names = set().union(*(set(d) for d in self.before.types.values())) if self.before.types else set()
        self.known_names |= {n[:-len("Attribute")] for n in self.known_names if n.endswith("Attribute")}
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.unfixable = [m for m in mismatches if m.path not in self.moves]

    # -- safety checks before writing --------------------------------------------------------------------------------
    def preflight(self) -> None:
        for m in self.unfixable:
            self.errors.append(f"{m.path}: {m.reason} (not fixed by the tool)")
        # a partial type whose parts would end up in different namespaces
        parts: dict[tuple[str, str], set[str]] = defaultdict(set)
        for path, src in self.parsed.items():
            for name, partial, _ in src.types:
                if partial and self.before_ns[path]:
                    parts[(self.before_ns[path], name)].add(path)
        for (ns, name), files in parts.items():
            targets = {self.after_ns[f] for f in files}
            if len(targets) > 1:
                self.errors.append(f"partial type {ns}.{name} would be split across namespaces "
                                   f"{', '.join(sorted(targets))}: {', '.join(sorted(files))} (move its files into one folder)")
        # a namespace named like a type in its parent namespace (CS0101), or a type named like its own namespace
        new_namespaces = {new for _, new in self.moves.values()}
        for ns in sorted(new_namespaces):
            for prefix in enclosing(ns):
                parent, _, last = prefix.rpartition(".")
                if parent and last in self.after.types.get(parent, {}):
                    files = sorted(self.after.types[parent][last])
                    self.errors.append(f"namespace {prefix} would clash with type {parent}.{last} ({', '.join(files)}): "
                                       f"rename the type first (a type may not share its namespace's name)")
            last = ns.rpartition(".")[2]
            if last in self.after.types.get(ns, {}):
                files = sorted(self.after.types[ns][last])
                self.errors.append(f"type {ns}.{last} ({', '.join(files)}) would share its namespace's name (code inside "
                                   f"{ns.rpartition('.')[0]} naming the type finds the namespace): rename the type first")
        # a new namespace hides any type of its name (ours or the framework's: Random, Task) from code inside its parent
        for prefix in sorted({p for ns in new_namespaces for p in enclosing(ns)} - self.before.namespaces):
            parent, _, last = prefix.rpartition(".")
            users = sorted(path for path, ns in self.after_ns.items()
                           if ns and (ns == parent or ns.startswith(parent + ".")) and last in self.parsed[path].type_uses)
            if parent and users:
                more = f" and {len(users) - 3} more" if len(users) > 3 else ""
                self.errors.append(f"new namespace {prefix} would hide the name {last} from code in {parent}, which uses it "
                                   f"({', '.join(users[:3])}{more}): rename the folder (or, if those uses are not type "
                                   f"names, run with --force)")
        self.errors = sorted(set(self.errors))

    # -- the rewrite ---------------------------------------------------------------------------------------------------
    def fix_all(self) -> dict[str, str]:
        changed: dict[str, str] = {}
        for path, src in self.parsed.items():
            new_text = self.fix_cs(path, src)
            if new_text != src.text:
                changed[path] = new_text
        for path in self.repo.text_files:
            text = self.repo.read(path)
            new_text = self.fix_text(path, text)
            if new_text != text:
                changed[path] = new_text
        return changed

    def _qualified_pattern(self) -> re.Pattern | None:
        if not hasattr(self, "_pattern"):
            self._pattern = self._build_qualified_pattern()
        return self._pattern

    def _build_qualified_pattern(self) -> re.Pattern | None:
        if not self.type_moves:
            return None
        by_ns: dict[str, list[str]] = defaultdict(list)
        for (old, name), new in self.type_moves.items():
            if old != new:
                by_ns[old].append(name)
        alternatives = []
        for old in sorted(by_ns, key=len, reverse=True):
            names = "|".join(sorted(map(re.escape, by_ns[old]), key=len, reverse=True))
            alternatives.append(f"{re.escape(old)}\\.(?:{names})")
        return re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + r")(?!\w)")

    def _replace_qualified(self, text: str) -> str:
        pattern = self._qualified_pattern()
        if pattern is None:
            return text

        def repl(m: re.Match) -> str:
            old, _, name = m.group(0).rpartition(".")
            return self.type_moves[(old, name)] + "." + name

        return pattern.sub(repl, text)

    def fix_text(self, path: str, text: str) -> str:
        return self._replace_vanished(path, self._replace_qualified(text))

    def vanished(self) -> dict[str, set[str]]:
        """Old namespaces that no longer exist at all -> the namespaces their types went to."""
        if not hasattr(self, "_vanished"):
            homes: dict[str, set[str]] = defaultdict(set)
            for (old, _), new in self.type_moves.items():
                homes[old].add(new)
            self._vanished = {old: news for old, news in homes.items() if old not in self.after.namespaces}
        return self._vanished

    def _replace_vanished(self, path: str, text: str) -> str:
        """A text naming a namespace that no longer exists (a test filter, a logging category, a doc): its one new
        home replaces it; when its types went to several, a person must choose, and the line is reported."""
        for old, news in sorted(self.vanished().items()):
            pattern = re.compile(r"(?<![\w./])" + re.escape(old) + r"(?![\w/])")
            if len(news) == 1:
                text = pattern.sub(next(iter(news)), text)
                continue
            for m in pattern.finditer(text):
                line_no = text.count("\n", 0, m.start()) + 1
                line = text.splitlines()[line_no - 1].strip()
                self.warnings.append(f"{path}:{line_no}: names namespace {old}, which is gone; its types went to "
                                     f"{', '.join(sorted(news))}; pick one by hand: {line[:120]}")
        return text

    def fix_cs(self, path: str, src: SourceFile) -> str:
        text = src.text
        before_ns = self.before_ns[path]
        after_ns = self.after_ns[path]
        viewer = path
        global_usings = project_global_usings(self.repo, self.parsed, path)
        usings_before = plain_usings(src) + global_usings

        edits: list[tuple[int, int, str]] = []  # (start, end, replacement) on the original text

        # 1. partially qualified names (Messages.Foo inside EdgeCompute.Protocol): qualify fully with the new namespace
        for start, _, parts in src.qualified:
            done = False
            for cut in range(len(parts) - 1, 0, -1):
                written_ns = ".".join(parts[:cut])
                name = parts[cut]
                for base in enclosing(before_ns) + usings_before:
                    old = base + "." + written_ns
                    if (old, name) in self.type_moves and self.before.has(old, name, viewer):
                        new = self.type_moves[(old, name)]
                        # the bare name when the file now sits in (or under) the type's namespace, else the full name
                        short = self.after.resolve(name, viewer, after_ns, []) == [new] and new in enclosing(after_ns)
                        edits.append((start, start + len(".".join(parts[:cut + 1])), name if short else new + "." + name))
                        done = True
                        break
                if done or written_ns in self.before.namespaces:
                    break  # fully qualified names are rewritten by _replace_qualified

        # 2. simple names: where each bound before, and where its type lives after the moves
        bindings: dict[str, str] = {}  # name -> namespace its type lives in after the moves
        used_before: dict[str, set[str]] = defaultdict(set)  # using -> names it served before
        for name in sorted((src.idents - src.aliases) & self.known_names):
            found = self.before.resolve(name, viewer, before_ns, usings_before)
            if len(found) != 1:
                continue  # not one of our types here, or already ambiguous (so not used as a type)
            ns = found[0]
            if ns not in enclosing(before_ns):
                used_before[ns].add(name)
            real = name if self.before.has(ns, name, viewer) else name + "Attribute"
            bindings[name] = self.type_moves.get((ns, real), ns)
        needed = {target for name, target in bindings.items()
                  if self.after.resolve(name, viewer, after_ns, usings_before) != [target]
                  and target not in enclosing(after_ns)}
        # extension methods reached through a namespace the file no longer sees that way
        for ns in set(enclosing(before_ns)) | set(usings_before):
            for (old, name), new in self.type_moves.items():
                if old != ns or new in enclosing(after_ns):
                    continue
                ext = {m for f in self.before.types[old].get(name, set()) for m in self.parsed[f].ext_methods}
                if ext & src.member_idents:
                    needed.add(new)
            if ns in enclosing(before_ns) and ns not in enclosing(after_ns) and self.after.provides_extensions(ns, src):
                needed.add(ns)

        # 3. usings to drop: gone namespaces, usings that only served types that left, the file's own namespace
        drop: list[Using] = []
        for u in src.usings:
            if u.is_static or u.alias or u.target not in self.before.namespaces:
                continue  # not a namespace of ours (System, packages)
            target = u.target
            gone = target not in self.after.namespaces
            hollow = bool(self.before.types.get(target)) and not self.after.types.get(target)  # only sub-namespaces left
            own = target in enclosing(after_ns) and target not in enclosing(before_ns)
            served = used_before.get(target, set())
            still = any(bindings.get(n) == target for n in served) or self.after.provides_extensions(target, src)
            emptied = bool(served) and not still and any((target, n) in self.type_moves for n in served)
            if u.is_global:
                if gone or emptied:
                    for new in sorted({new for (old, _), new in self.type_moves.items() if old == target}):
                        if not any(x.is_global and x.target == new for x in src.usings):
                            edits.append((u.start, u.start, f"global using {new};\n"))
                    if gone:
                        drop.append(u)
                continue
            if gone or hollow or own or emptied:
                drop.append(u)
        for u in drop:
            edits.append((u.start, u.end, ""))
        kept = [u.target for u in src.usings if u not in drop and not u.is_static and not u.alias]
        add = sorted(n for n in needed if n not in kept and n not in enclosing(after_ns) and n not in global_usings)

        # 4. check every binding with the final usings: two usings offering a name get an alias for the right one
        final = kept + add + global_usings
        aliases: list[str] = []
        for name, target in sorted(bindings.items()):
            found = self.after.resolve(name, viewer, after_ns, final)
            if found == [target]:
                continue
            if len(found) > 1 and target in found and not any(e in found for e in enclosing(after_ns)):
                if name in src.aliases:
                    continue
                real = name if self.after.has(target, name, viewer) else name + "Attribute"
                aliases.append(f"using {real} = {target}.{real};")
                if real != name:
                    aliases.append(f"using {name} = {target}.{real};")
            elif found and found[0] in enclosing(after_ns):
                self.warnings.append(f"{path}: {name} would bind to {found[0]}.{name} (an enclosing namespace) instead of "
                                     f"{target}.{name}; qualify it by hand")
            elif not found:
                self.warnings.append(f"{path}: {name} ({target}.{name}) is no longer found; add a using by hand")

        # 5. the namespace declaration
        if path in self.moves:
            ns = src.namespaces[0]
            edits.append((ns.start, ns.end, after_ns))

        text = apply_edits(text, edits)
        text = self._replace_qualified(text)
        text = insert_usings(text, add)
        text = insert_aliases(text, aliases)
        if drop or add or aliases:
            text = tidy_usings(text)
        return self._replace_vanished(path, text)


USING_DIRECTIVE_LINE = re.compile(r"^(global\s+)?using\s+(static\s+)?(\w+\s*=\s*)?(global::)?[\w.<>, ]+;")


def header_end(lines: list[str]) -> int:
    """The index of the first line after the file's header (comments, preprocessor lines, using directives)."""
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("//") or stripped.startswith("#") or USING_DIRECTIVE_LINE.match(line):
            continue
        return i
    return len(lines)


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    seen = set()
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        if (start, end) in seen and start != end:
            continue
        seen.add((start, end))
        text = text[:start] + replacement + text[end:]
    return text


def insert_usings(text: str, namespaces: list[str]) -> str:
    if not namespaces:
        return text
    lines = text.split("\n")
    using_idx = [i for i, line in enumerate(lines) if re.match(r"^using\s+(?!static\b)(?!\w+\s*=)[\w.]+\s*;", line)]
    end = header_end(lines)
    using_idx = [i for i in using_idx if i < end]
    for ns in sorted(namespaces, key=sort_key):
        line = f"using {ns};"
        if using_idx:
            # insert in order among the plain usings
            pos = None
            for i in using_idx:
                existing = re.match(r"^using\s+([\w.]+)", lines[i]).group(1)
                if sort_key(existing) > sort_key(ns):
                    pos = i
                    break
            if pos is None:
                pos = using_idx[-1] + 1
            lines.insert(pos, line)
            using_idx = [i if i < pos else i + 1 for i in using_idx] + [pos]
            using_idx.sort()
        else:
            # before the first `using static` or alias; else after leading comments and global usings
            first_other = next((i for i in range(end) if re.match(r"^using\s", lines[i])), None)
            if first_other is not None:
                pos = first_other
                block = [line]
            else:
                pos = 0
                while pos < len(lines) and (lines[pos].startswith("//") or lines[pos].startswith("#") or
                                             re.match(r"^global\s+using\s", lines[pos])):
                    pos += 1
                block = [line] + ([] if lines[pos:pos + 1] == [""] else [""])
            lines[pos:pos] = block
            using_idx = [pos]
        end = header_end(lines)
    return "\n".join(lines)


def insert_aliases(text: str, aliases: list[str]) -> str:
    """Alias directives go after the last using directive of the file's header."""
    if not aliases:
        return text
    lines = text.split("\n")
    end = header_end(lines)
    last = max((i for i in range(end) if USING_DIRECTIVE_LINE.match(lines[i])), default=None)
    if last is None:
        lines[0:0] = aliases + [""]
    else:
        lines[last + 1:last + 1] = [a for a in aliases if a not in lines]
    return "\n".join(lines)


def tidy_usings(text: str) -> str:
    """After removing usings: no blank lines left at the top of the file and no double blank lines in the header."""
    lines = text.split("\n")
    end = header_end(lines)
    head = lines[:end]
    while head and head[0].strip() == "":
        head.pop(0)
    out = []
    for line in head:
        if line.strip() == "" and out and out[-1].strip() == "":
            continue
        out.append(line)
    return "\n".join(out + lines[end:])


# ---------------------------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="list files whose namespace is wrong; exit 1 if any")
    mode.add_argument("--fix", action="store_true", help="rewrite them and every reference to the moved types")
    parser.add_argument("--dry-run", action="store_true", help="with --fix: list the files it would change")
    parser.add_argument("--force", action="store_true", help="with --fix: write even when a person must decide something")
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."),
                        help="repository root (default: this script's parent folder)")
    args = parser.parse_args()

    repo = Repo(args.root)
    parsed = {path: parse(path, repo.read(path)) for path in repo.cs_files}
    mismatches = check(repo, parsed)
    if args.check:
        for m in mismatches:
            print(f"{m.path}: {m.reason}")
        print(f"{len(mismatches)} of {len(repo.cs_files)} C# files break 'namespaces follow folders'", file=sys.stderr)
        return 1 if mismatches else 0

    fixer = Fixer(repo, parsed, mismatches)
    fixer.preflight()
    for e in fixer.errors:
        print("error: " + e, file=sys.stderr)
    if fixer.errors and not args.force:
        print(f"nothing written: {len(fixer.errors)} problem(s) above need a person first (or --force)", file=sys.stderr)
        return 2
    changed = fixer.fix_all()
    for w in sorted(set(fixer.warnings)):
        print("warning: " + w, file=sys.stderr)
    for path in sorted(changed):
        print(("would change " if args.dry_run else "changed ") + path)
        if not args.dry_run:
            repo.write(path, changed[path])
    moved = len(fixer.moves)
    print(f"{moved} namespace declaration(s) moved, {len(changed)} file(s) {'to change' if args.dry_run else 'changed'}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
