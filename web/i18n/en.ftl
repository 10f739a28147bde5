# Keyspace Playground's interface in English: the catalogue every other language
# translates (web/i18n/<code>.ftl, the same messages and variables). Redis's replies,
# redis-cli's texts and HELP stay as Redis prints them, in every language.
# Syntax: a subset of Project Fluent (playground/src/i18n/catalogue.rs).

## The clock (above the inspector)

clock-real-time = Clock: real time
clock-paused = Clock paused{ $lag }
clock-fast = Clock ×{ $rate }{ $lag }
clock-running = Clock running{ $lag }
clock-ahead = , { $span } ahead
clock-behind = , { $span } behind
span-seconds = { $s } s
span-minutes = { $min } min { $s } s
span-hours = { $h } h { $min } min
clock-group = Clock
clock-state = Clock state
clock-resume = Resume
clock-resume-title = Let time run again
clock-resume-label = Resume the clock
clock-pause = Pause
clock-pause-title = Stop time: TTLs stand still
clock-pause-label = Pause the clock
clock-fast-title = Run time ten times faster
clock-fast-label = ×{ $rate }, ten times faster
clock-plus-10s = +10 s
clock-plus-10s-title = Move time 10 seconds ahead
clock-plus-10s-label = +10 s, forward 10 seconds
clock-plus-1min = +1 min
clock-plus-1min-title = Move time a minute ahead
clock-plus-1min-label = +1 min, forward 1 minute
clock-real = Real time
clock-real-title = Back to the real clock (never backwards: a clock ahead stays ahead)

## The key inspector

keys-pane = Keys
keys-database = Database
keys-filter = Filter keys
keys-filter-placeholder = filter: *, :1:*, user:?
keys-count = { $n ->
    [one] { $n } key
   *[other] { $n } keys
}
keys-table = Keys of database { $db }
keys-col-key = Key
keys-col-type = Type
keys-col-ttl = TTL
keys-col-size = Size
keys-empty = No keys yet. Try SET greeting hello in the terminal.
keys-value = Value

## The selected key's value

value-gone = This key no longer exists.
value-more = … and { $n } more
value-integer = integer — INCR/DECR work on it
value-float = float — INCRBYFLOAT works on it
value-text = text
value-binary = binary — shown as redis-cli prints it
value-col-field = field
value-col-value = value
value-col-index = index
value-col-element = element
value-col-member = member
value-col-score = score
stream-last-id = last ID { $id }
stream-group = group
# After the group's name: its last delivered ID and its pending entries.
stream-group-state = { " " }— delivered up to { $id } — { $n } pending
stream-earlier = … { $n } earlier entries
stream-col-id = ID
stream-col-fields = fields
stream-id-time = added at { $date } (if XADD chose the ID)
zset-show-as = Show as
zset-scores = Scores
zset-positions = Positions
geo-not-all = Some scores are not positions GEOADD could have stored; shown as GEOPOS would decode them.
geo-distances-from = Distances from
geo-col-position = longitude, latitude
geo-col-distance = distance (m)

## The terminal

terminal = Terminal
terminal-output = Terminal output
terminal-command = Command
terminal-waiting = Waiting for a reply... (Ctrl+C to cancel)
terminal-subscribed = Subscribed: messages appear as they arrive (Ctrl+C to leave)
paste-progress = Paste progress
paste-running = Running pasted lines: { $done } of { $total } (Ctrl+C to stop)
clients = Clients
# A terminal tab: one client connection to the engine, numbered from 1.
client-name = Client { $n }
client-blocked = { $name } (blocked)
client-subscribed = { $name } (subscribed)
client-new = + New client
client-new-title = Open another client connection

## A dump.rdb opened in the browser

explore-banner = Exploring a dump file
explore-title = Exploring { $name }
explore-private = { " " }— a private copy in this tab; nothing is uploaded or saved. The terminal and the keys below are the file's.
explore-back = Back to my keyspace
explore-opening = Opening a dump file
dismiss = Dismiss
open-refused = { $name } was not opened, nothing changed: { $why }
open-refused-aof = { $name } was not opened, nothing changed: { $why } (an append-only file loads with Load AOF)
open-too-large = the file is { $size }, over the { $max } this page opens
open-unreadable = the browser could not read it
open-reading = Reading { $name } ({ $size })…
open-loading = Loading { $name }…
open-loading-percent = Loading { $name }: { $percent }% of { $size }…
open-reporting = { $name }: { $n } keys loaded; going through them for the report…
report = Dump file report
report-title = What { $name } holds
report-file = File
report-version = RDB version
report-written-by = Written by
report-written-at = Written at
report-memory = Memory then
report-aof-base = AOF base
report-aof-base-yes = yes (an AOF's RDB preamble)
report-no = no
report-checksum = Checksum
report-checksum-verified = CRC-64 verified
report-checksum-none = not checked (written without one)
report-keys = Keys
report-functions = Function libraries (FCALL calls their functions): { $names }
report-functions-skipped = Function libraries not loaded (an older format, or code that does not load here): { $names }
report-empty-skipped = { $n ->
    [one] { $n } empty key left out, as Redis leaves it out.
   *[other] { $n } empty keys left out, as Redis leaves them out.
}
report-no-keys = No keys in this file.
report-per-db = Keys per database
report-with-ttl = With TTL
report-per-type = Keys per type
report-encodings = Encodings
report-ttl = Time to live
ttl-none = no TTL
ttl-past = already past (left out)
ttl-minute = < 1 min
ttl-hour = < 1 hour
ttl-day = < 1 day
ttl-week = < 1 week
ttl-later = later
report-biggest = Biggest keys
report-biggest-caption = Biggest keys (serialized size, as DUMP gives it)
report-elements = Elements
report-show-key = Show { $key } (db{ $db }) in the inspector
report-bytes = { $n ->
    [one] { $count } byte
   *[other] { $count } bytes
}
report-aux = AUX fields ({ $n })

## The persistence panel (the app's header)

persist-panel = Persistence panel
persist = Persistence
persist-action = Persistence action
persist-loading = Loading your keyspace…
persist-saving = Saved in this browser (AOF, appendfsync { $policy }) · { $n ->
    [one] { $n } command replayed
   *[other] { $n } commands replayed
}
persist-saving-truncated = Saved in this browser · { $n } commands replayed, a truncated last command ({ $bytes } bytes) left out
persist-corrupt = Not saved — the stored AOF does not load: { $error }
persist-unavailable = Not saved — keys live in this tab only: { $why }
persist-following = Saved by another tab of this playground · this tab follows it live (its panel has the controls)
persist-took-over = Saved in this browser (AOF, appendfsync { $policy }) · this tab took over from a tab that closed
corrupt-explain = Your stored AOF is damaged at byte { $offset }. Nothing was deleted. Keep the { $n } commands before the damage, or start empty; either way the damaged log stays downloadable.
corrupt-keep = Keep the { $n } good commands
corrupt-empty = Start empty
corrupt-download = Download the damaged AOF
aof-figures = AOF { $size } · { $n ->
    [one] { $n } command
   *[other] { $n } commands
}
aof-rewrites = { $n ->
    [one] { " " }· 1 rewrite
   *[other] { " " }· { $n } rewrites
}
aof-last-commit = { " " }· last commit { $ago }
aof-waiting = { " " }· { $size } waiting
ago-seconds = { $s } s ago
ago-minutes = { $n } min ago
aof-off = appendonly no: writes are not recorded
aof-rewrite = Rewrite now
aof-download = Download AOF
aof-load = Load AOF
load-unreadable = Could not read { $name }.
load-done = Loaded { $name }: { $n } commands replayed.
load-refused = { $name } was not loaded, nothing changed: { $why }
reset = Reset
reset-question = Erase every key?
reset-confirm = Erase everything
reset-done = Every database is empty; the stored AOF was rewritten.
confirm-reset = Confirm reset
cancel = Cancel
rdb-stored = dump.rdb stored: { $size } · saved { $saved } · LASTSAVE { $lastsave }
rdb-none = No dump.rdb stored yet (SAVE or BGSAVE writes one) · LASTSAVE { $lastsave }
rdb-save-failed = { " " }· the last save failed: { $why }
rdb-download-saved = Download dump.rdb (saved { $saved })
rdb-download-saved-title = The dump.rdb the last SAVE or BGSAVE stored; run SAVE first for the keyspace as it is now
rdb-download-now = Download snapshot (dump.rdb)
rdb-download-now-title = The keyspace as it is now, in the file SAVE writes
rdb-open = Open dump.rdb

## Lessons

lessons = Lessons
lessons-title = Learn Redis, step by step
lessons-loading = Loading the lessons…
lessons-free-play = Each lesson has a keyspace of its own; this terminal is free play.
lessons-list = Lesson list
lessons-start-here = Start here
lessons-continue = Continue
lessons-done = ✓ done
lessons-progress = { $done }/{ $n } steps
lesson = Lesson
lesson-loading = Loading the lesson…
lesson-missing = There is no lesson "{ $id }".
lesson-unavailable = The lesson "{ $title }" could not be loaded: { $why }.
lesson-back-to-free-play = Back to free play
lesson-all = ← All lessons
lesson-loading-keyspace = Loading the lesson's keyspace…
lesson-steps = Steps
lesson-step = Step { $n }: { $title }
lesson-step-done = Step { $n }: { $title } (done)
lesson-challenge = Challenge
lesson-prepared = Prepared for this step
lesson-prepared-text = Prepared for this step:
lesson-stale = The keys this step starts from are gone (expired or changed).
lesson-stale-again = Set them up again
lesson-hint = Hint
lesson-hint-n = Hint { $n }:
lesson-another-hint = Another hint ({ $n } of { $total })
lesson-show-solution = Show solution
lesson-solution = Solution
lesson-solution-text = One way to do it:
lesson-step-status = Step status
lesson-complete = ✓ Lesson complete: every step done.
lesson-step-complete = ✓ Step complete.
lesson-your-turn = Your turn: compose the commands yourself. The step completes when your keyspace shows it.
lesson-try = Try the commands: the step completes when your keyspace shows it.
lesson-next-lesson = Next lesson: { $title } →
lesson-nav = Lesson navigation
lesson-previous = Previous
lesson-next = Next
lesson-reset-step = Reset step
lesson-reset-step-title = Empty this lesson's keyspace and make this step's starting state again
lesson-reset = Reset lesson
lesson-reset-confirm = Reset this lesson's keys and progress
lesson-aof-tail = AOF tail
lesson-aof-empty = (nothing recorded yet: write something)

## Command blocks (lessons, widgets)

commands-to-try = Commands to try
command-reply = Reply
command-reply-to = Reply to { $line }
command-type = Type: { $command }
command-type-title = Put it in the prompt
command-run = Run: { $command }
command-run-title = Run it now
command-client = Run in Client { $n }: { $command }
command-client-title = Run it in Client { $n }
command-wait = (wait { $s } s)
command-clock-fast = Clock ×10
command-clock-normal = Clock at normal speed
command-clock-jump = Clock +{ $s } s

## The page

# The engine's version beside the title.
engine-version = keyspace-engine { $version } (Redis { $redis } compatible)
app-title = Keyspace Playground
language = Language
# The widget's placeholder while the module loads (embed.js carries a copy of it).
widget-loading = Loading Redis…
crash-title = The playground stopped
crash-explain = An internal error stopped the engine. Your stored keyspace (the AOF in this browser) is intact: download it, or reload to replay it.
crash-reload = Reload

## Errors of the playground's own (Redis's stay as Redis prints them)

# Shown in other languages under the work limit's error ("ERR command too big for the
# browser playground: ..."), which stays in English as the engine replies it.
work-limit-note = This command would go through more elements than this page allows, so that the page stays responsive. Narrow it (SCAN, LIMIT, COUNT) or run it against keyspace-server.
