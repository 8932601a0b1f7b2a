"""Checks a generated Python package: it compiles, pyflakes is silent, and every
import is from the standard library or on the verified Strands API list.

usage: check_python.py <package dir> <strands-api-names.txt>
"""
import ast
import pathlib
import py_compile
import subprocess
import sys

root = pathlib.Path(sys.argv[1])
allowed = set()
for line in pathlib.Path(sys.argv[2]).read_text().splitlines():
    if line and not line.startswith("#"):
        allowed.add(line.strip())
stdlib = set(sys.stdlib_module_names)
problems = []
sources = sorted(root.rglob("*.py"))
if not sources:
    problems.append("no Python files under %s" % root)
for source in sources:
    try:
        py_compile.compile(str(source), doraise=True)
    except py_compile.PyCompileError as error:
        problems.append("compile: %s" % error)
        continue
    tree = ast.parse(source.read_bytes())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] not in stdlib:
                    problems.append("%s: import %s is not allowed" % (source, alias.name))
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            top = module.split(".")[0]
            if top in stdlib or module.startswith("agentlift_runtime"):
                continue
            for alias in node.names:
                if "%s:%s" % (module, alias.name) not in allowed:
                    problems.append("%s: from %s import %s is not a verified name"
                                    % (source, module, alias.name))
flakes = subprocess.run(["pyflakes3"] + [str(s) for s in sources], capture_output=True, text=True)
if flakes.returncode != 0:
    problems.append("pyflakes:\n" + flakes.stdout + flakes.stderr)
print("\n".join(problems) if problems else "ok")
sys.exit(1 if problems else 0)
