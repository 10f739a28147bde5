# Expands $(key) in a conformance template with the payload real Redis DUMPs for key at
# that point of the script (run line by line against a fresh server), quoted the way
# redis-cli prints it (sdscatrepr), which the script parser reads back.
import re, subprocess, sys
port = sys.argv[1]; src = open(sys.argv[2]).read().splitlines()
def cli(*args, raw=False):
    return subprocess.run(['redis-cli', '-p', port] + (['--no-raw'] if not raw else []) + list(args), capture_output=True, text=True).stdout.strip()
subprocess.run(['redis-cli','-p',port,'flushall'],capture_output=True)
subprocess.run(['redis-cli','-p',port,'config','resetstat'],capture_output=True)
out = []
for line in src:
    def sub(m):
        r = cli('DUMP', m.group(1))
        assert r.startswith('"'), (line, r)
        return r
    line2 = re.sub(r'\$\(([^)]+)\)', sub, line)
    out.append(line2)
    s = line2.strip()
    if s and not s.startswith('#') and not s.startswith('@') and not s.startswith('!'):
        cmd = s.split(' #!')[0]
        subprocess.run(['sh','-c', 'printf "%s\\n" "$0" | redis-cli -p '+port+' >/dev/null', cmd])
print("\n".join(out))
