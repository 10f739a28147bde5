# Keyspace Playground의 한국어 인터페이스: web/i18n/en.ftl과 같은 메시지, 같은 변수.
# Redis의 응답, redis-cli의 문구, HELP는 Redis가 출력하는 그대로 둡니다.
# 문법: Project Fluent의 일부(playground/src/i18n/catalogue.rs). 한국어에는 복수형이 없으므로
# 개수는 선택식 없이 씁니다(변수만 남깁니다).
# 용어는 web/lessons/ko/의 레슨을 따릅니다: 키, 키 공간, 클라이언트, 단계, 응답, 명령어, 인스펙터.

## 시계 (인스펙터 위)

clock-real-time = 시계: 실제 시간
clock-paused = 시계 일시정지됨{ $lag }
clock-fast = 시계 ×{ $rate }{ $lag }
clock-running = 시계 진행 중{ $lag }
clock-ahead = , { $span } 빠름
clock-behind = , { $span } 느림
span-seconds = { $s }초
span-minutes = { $min }분 { $s }초
span-hours = { $h }시간 { $min }분
clock-group = 시계
clock-state = 시계 상태
clock-resume = 재개
clock-resume-title = 시간이 다시 흐르게 합니다
clock-resume-label = 시계 재개
clock-pause = 일시정지
clock-pause-title = 시간을 멈춥니다: TTL이 줄어들지 않습니다
clock-pause-label = 시계 일시정지
clock-fast-title = 시간을 10배 빠르게 흐르게 합니다
clock-fast-label = ×{ $rate }, 10배 빠르게
clock-plus-10s = +10초
clock-plus-10s-title = 시간을 10초 앞으로 옮깁니다
clock-plus-10s-label = +10초, 10초 앞으로
clock-plus-1min = +1분
clock-plus-1min-title = 시간을 1분 앞으로 옮깁니다
clock-plus-1min-label = +1분, 1분 앞으로
clock-real = 실제 시간
clock-real-title = 실제 시계로 돌아갑니다(거꾸로 가지는 않으므로 앞서 있는 시계는 앞선 채로 흐릅니다)

## 키 인스펙터

keys-pane = 키
keys-database = 데이터베이스
keys-filter = 키 필터
keys-filter-placeholder = 필터: *, :1:*, user:?
keys-count = 키 { $n }개
keys-table = 데이터베이스 { $db }의 키
keys-col-key = 키
keys-col-type = 타입
keys-col-ttl = TTL
keys-col-size = 크기
keys-empty = 아직 키가 없습니다. 터미널에서 SET greeting hello를 실행해 보세요.
keys-value = 값

## 선택한 키의 값

value-gone = 이 키는 더 이상 없습니다.
value-more = … 외 { $n }개
value-integer = 정수 — INCR/DECR을 쓸 수 있습니다
value-float = 소수 — INCRBYFLOAT를 쓸 수 있습니다
value-text = 텍스트
value-binary = 바이너리 — redis-cli가 출력하는 방식으로 표시
value-col-field = 필드
value-col-value = 값
value-col-index = 인덱스
value-col-element = 요소
value-col-member = 멤버
value-col-score = 점수
stream-last-id = 마지막 ID { $id }
stream-group = 그룹
# 그룹 이름 뒤: 마지막으로 전달한 ID와 pending 항목 수.
stream-group-state = { " " }— { $id }까지 전달 — pending { $n }개
stream-earlier = … 이전 항목 { $n }개
stream-col-id = ID
stream-col-fields = 필드
stream-id-time = { $date }에 추가됨(XADD가 ID를 정했다면)
zset-show-as = 표시 방식
zset-scores = 점수
zset-positions = 위치
geo-not-all = 일부 점수는 GEOADD가 저장할 수 있는 위치가 아닙니다. GEOPOS가 디코딩하는 방식으로 보여 줍니다.
geo-distances-from = 거리 기준
geo-col-position = 경도, 위도
geo-col-distance = 거리 (m)

## 터미널

terminal = 터미널
terminal-output = 터미널 출력
terminal-command = 명령어
terminal-waiting = 응답을 기다리는 중... (Ctrl+C로 취소)
terminal-subscribed = 구독 중: 메시지가 도착하는 대로 나타납니다 (Ctrl+C로 나가기)
paste-progress = 붙여넣기 진행 상황
paste-running = 붙여넣은 줄 실행 중: { $total }줄 중 { $done }줄 (Ctrl+C로 중지)
clients = 클라이언트
# 터미널 탭 하나: 엔진에 대한 클라이언트 연결 하나, 1부터 번호를 붙입니다.
client-name = 클라이언트 { $n }
client-blocked = { $name } (블로킹됨)
client-subscribed = { $name } (구독 중)
client-new = + 새 클라이언트
client-new-title = 클라이언트 연결을 하나 더 엽니다

## 브라우저에서 연 dump.rdb

explore-banner = 덤프 파일 살펴보기
explore-title = { $name } 살펴보는 중
explore-private = { " " }— 이 탭만의 사본이며, 아무것도 업로드하거나 저장하지 않습니다. 터미널과 아래의 키는 이 파일의 것입니다.
explore-back = 내 키 공간으로 돌아가기
explore-opening = 덤프 파일 여는 중
dismiss = 닫기
open-refused = { $name } 파일을 열지 않았고, 바뀐 것은 없습니다: { $why }
open-refused-aof = { $name } 파일을 열지 않았고, 바뀐 것은 없습니다: { $why } (append-only 파일은 AOF 불러오기로 읽습니다)
open-too-large = 파일 크기 { $size }: 이 페이지가 여는 최대 크기 { $max }보다 큽니다
open-unreadable = 브라우저가 파일을 읽지 못했습니다
open-reading = { $name } 읽는 중 ({ $size })…
open-loading = { $name } 불러오는 중…
open-loading-percent = { $name } 불러오는 중: { $size } 중 { $percent }%…
open-reporting = { $name }: 키 { $n }개를 불러왔습니다. 보고서를 위해 살펴보는 중…
report = 덤프 파일 보고서
report-title = { $name }에 들어 있는 것
report-file = 파일
report-version = RDB 버전
report-written-by = 작성자
report-written-at = 작성 시각
report-memory = 당시 메모리
report-aof-base = AOF 베이스
report-aof-base-yes = 예 (AOF의 RDB 프리앰블)
report-no = 아니요
report-checksum = 체크섬
report-checksum-verified = CRC-64 확인됨
report-checksum-none = 확인하지 않음 (체크섬 없이 작성됨)
report-keys = 키
report-functions = 함수 라이브러리(FCALL로 함수를 호출합니다): { $names }
report-functions-skipped = 불러오지 않은 함수 라이브러리(이전 형식이거나 여기서 불러올 수 없는 코드): { $names }
report-empty-skipped = 빈 키 { $n }개는 Redis처럼 제외했습니다.
report-no-keys = 이 파일에는 키가 없습니다.
report-per-db = 데이터베이스별 키
report-with-ttl = TTL 있음
report-per-type = 타입별 키
report-encodings = 인코딩
report-ttl = 남은 수명
ttl-none = TTL 없음
ttl-past = 이미 지남 (제외됨)
ttl-minute = 1분 미만
ttl-hour = 1시간 미만
ttl-day = 1일 미만
ttl-week = 1주 미만
ttl-later = 그 이후
report-biggest = 가장 큰 키
report-biggest-caption = 가장 큰 키 (DUMP가 주는 직렬화 크기)
report-elements = 요소 수
report-show-key = 인스펙터에서 { $key }(db{ $db }) 보기
report-bytes = { $n ->
   *[other] { $count }바이트
}
report-aux = AUX 필드 ({ $n })

## 영속성 패널 (앱의 헤더)

persist-panel = 영속성 패널
persist = 영속성
persist-action = 영속성 작업
persist-loading = 키 공간을 불러오는 중…
persist-saving = 이 브라우저에 저장됨 (AOF, appendfsync { $policy }) · 명령어 { $n }개 다시 실행
persist-saving-truncated = 이 브라우저에 저장됨 · 명령어 { $n }개 다시 실행, 잘린 마지막 명령어({ $bytes }바이트)는 제외
persist-corrupt = 저장 안 됨 — 저장된 AOF를 불러올 수 없습니다: { $error }
persist-unavailable = 저장 안 됨 — 키는 이 탭에만 있습니다: { $why }
persist-following = 이 플레이그라운드의 다른 탭이 저장 중 · 이 탭은 그 탭을 실시간으로 따라갑니다 (컨트롤은 그 탭의 패널에 있습니다)
persist-took-over = 이 브라우저에 저장됨 (AOF, appendfsync { $policy }) · 닫힌 탭의 저장을 이 탭이 이어받았습니다
corrupt-explain = 저장된 AOF가 { $offset }바이트 지점에서 손상되었습니다. 지운 것은 없습니다. 손상 전의 명령어 { $n }개를 유지하거나 빈 상태로 시작하세요. 어느 쪽이든 손상된 로그는 계속 다운로드할 수 있습니다.
corrupt-keep = 정상 명령어 { $n }개 유지
corrupt-empty = 빈 상태로 시작
corrupt-download = 손상된 AOF 다운로드
aof-figures = AOF { $size } · 명령어 { $n }개
aof-rewrites = { " " }· 재작성 { $n }회
aof-last-commit = { " " }· 마지막 커밋 { $ago }
aof-waiting = { " " }· { $size } 대기 중
ago-seconds = { $s }초 전
ago-minutes = { $n }분 전
aof-off = appendonly no: 쓰기를 기록하지 않습니다
aof-rewrite = 지금 재작성
aof-download = AOF 다운로드
aof-load = AOF 불러오기
load-unreadable = { $name } 파일을 읽을 수 없습니다.
load-done = { $name } 파일을 불러왔습니다: 명령어 { $n }개를 다시 실행했습니다.
load-refused = { $name } 파일을 불러오지 않았고, 바뀐 것은 없습니다: { $why }
reset = 초기화
reset-question = 모든 키를 지울까요?
reset-confirm = 모두 지우기
reset-done = 모든 데이터베이스가 비었습니다. 저장된 AOF를 다시 썼습니다.
confirm-reset = 초기화 확인
cancel = 취소
rdb-stored = 저장된 dump.rdb: { $size } · 저장 시각 { $saved } · LASTSAVE { $lastsave }
rdb-none = 저장된 dump.rdb가 아직 없습니다 (SAVE나 BGSAVE가 씁니다) · LASTSAVE { $lastsave }
rdb-save-failed = { " " }· 마지막 저장 실패: { $why }
rdb-download-saved = dump.rdb 다운로드 ({ $saved } 저장)
rdb-download-saved-title = 마지막 SAVE나 BGSAVE가 저장한 dump.rdb입니다. 지금 그대로의 키 공간을 받으려면 먼저 SAVE를 실행하세요
rdb-download-now = 스냅샷 다운로드 (dump.rdb)
rdb-download-now-title = 지금 그대로의 키 공간을 SAVE가 쓰는 파일로
rdb-open = dump.rdb 열기

## 레슨

lessons = 레슨
lessons-title = 단계별로 배우는 Redis
lessons-loading = 레슨을 불러오는 중…
lessons-free-play = 레슨마다 자기만의 키 공간이 있습니다. 이 터미널은 자유 실습용입니다.
lessons-list = 레슨 목록
lessons-start-here = 여기서 시작
lessons-continue = 이어서 하기
lessons-done = ✓ 완료
lessons-progress = { $done }/{ $n }단계
lesson = 레슨
lesson-loading = 레슨을 불러오는 중…
lesson-missing = "{ $id }" 레슨은 없습니다.
lesson-unavailable = "{ $title }" 레슨을 불러오지 못했습니다: { $why }.
lesson-back-to-free-play = 자유 실습으로 돌아가기
lesson-all = ← 모든 레슨
lesson-loading-keyspace = 레슨의 키 공간을 불러오는 중…
lesson-steps = 단계
lesson-step = { $n } 단계: { $title }
lesson-step-done = { $n } 단계: { $title } (완료)
lesson-challenge = 도전
lesson-prepared = 이 단계를 위한 준비
lesson-prepared-text = 이 단계를 위해 준비한 것:
lesson-stale = 이 단계가 시작할 때의 키가 사라졌습니다(만료되었거나 바뀌었습니다).
lesson-stale-again = 다시 준비하기
lesson-hint = 힌트
lesson-hint-n = 힌트 { $n }:
lesson-another-hint = 힌트 더 보기 ({ $n }/{ $total })
lesson-show-solution = 풀이 보기
lesson-solution = 풀이
lesson-solution-text = 한 가지 방법:
lesson-step-status = 단계 상태
lesson-complete = ✓ 레슨 완료: 모든 단계를 마쳤습니다.
lesson-step-complete = ✓ 단계 완료.
lesson-your-turn = 직접 해 볼 차례입니다. 명령어를 스스로 작성하세요. 키 공간이 목표대로 되면 단계가 완료됩니다.
lesson-try = 명령어를 실행해 보세요. 키 공간이 목표대로 되면 단계가 완료됩니다.
lesson-next-lesson = 다음 레슨: { $title } →
lesson-nav = 레슨 이동
lesson-previous = 이전
lesson-next = 다음
lesson-reset-step = 단계 초기화
lesson-reset-step-title = 이 레슨의 키 공간을 비우고 이 단계의 시작 상태를 다시 만듭니다
lesson-reset = 레슨 초기화
lesson-reset-confirm = 이 레슨의 키와 진행 상황 초기화
lesson-aof-tail = AOF 끝부분
lesson-aof-empty = (아직 기록된 것이 없습니다. 무언가를 써 보세요)

## 명령어 블록 (레슨, 위젯)

commands-to-try = 실행해 볼 명령어
command-reply = 응답
command-reply-to = { $line }의 응답
command-type = 입력: { $command }
command-type-title = 프롬프트에 넣기
command-run = 실행: { $command }
command-run-title = 지금 실행
command-client = 클라이언트 { $n }에서 실행: { $command }
command-client-title = 클라이언트 { $n }에서 실행
command-wait = ({ $s }초 대기)
command-clock-fast = 시계 ×10
command-clock-normal = 시계 정상 속도
command-clock-jump = 시계 +{ $s }초

## 페이지

engine-version = keyspace-engine { $version } (Redis { $redis } 호환)
app-title = Keyspace Playground
language = 언어
# 모듈을 불러오는 동안 위젯에 보이는 문구(embed.js에 사본이 있습니다).
widget-loading = Redis 불러오는 중…
crash-title = 플레이그라운드가 멈췄습니다
crash-explain = 내부 오류로 엔진이 멈췄습니다. 저장된 키 공간(이 브라우저의 AOF)은 그대로입니다. 다운로드하거나, 새로 고침해서 다시 실행하세요.
crash-reload = 새로 고침

## 플레이그라운드 자체의 오류 (Redis의 오류는 Redis가 출력하는 그대로)

# 작업량 제한 오류("ERR command too big for the browser playground: ...") 아래에 보이는 설명.
# 오류 자체는 엔진이 응답하는 그대로 영어로 남습니다.
work-limit-note = 이 명령어는 이 페이지가 허용하는 것보다 많은 요소를 훑어야 합니다. 페이지가 멈추지 않도록 제한을 둡니다. 범위를 좁히거나(SCAN, LIMIT, COUNT) keyspace-server에서 실행하세요.
