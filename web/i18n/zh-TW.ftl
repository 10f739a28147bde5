# Keyspace Playground 的介面，繁體中文（臺灣）版：翻譯自 web/i18n/en.ftl，訊息與變數都相同。
# Redis 的回覆、redis-cli 的文字和 HELP 在每種語言裡都照 Redis 印出的原樣顯示。
# 語法：Project Fluent 的一個子集（playground/src/i18n/catalogue.rs）。
# 用語與 web/lessons/zh-TW/ 的課程一致：key、用戶端、終端機、檢視區、回覆、提示、步驟。

## 時鐘（檢視區上方）

clock-real-time = 時鐘：真實時間
clock-paused = 時鐘已暫停{ $lag }
clock-fast = 時鐘 ×{ $rate }{ $lag }
clock-running = 時鐘運作中{ $lag }
clock-ahead = ，超前 { $span }
clock-behind = ，落後 { $span }
span-seconds = { $s } 秒
span-minutes = { $min } 分 { $s } 秒
span-hours = { $h } 小時 { $min } 分
clock-group = 時鐘
clock-state = 時鐘狀態
clock-resume = 繼續
clock-resume-title = 讓時間再次流動
clock-resume-label = 讓時鐘繼續走
clock-pause = 暫停
clock-pause-title = 讓時間停住：TTL 靜止不動
clock-pause-label = 暫停時鐘
clock-fast-title = 讓時間快十倍
clock-fast-label = ×{ $rate }，快十倍
clock-plus-10s = +10 秒
clock-plus-10s-title = 把時間往前撥 10 秒
clock-plus-10s-label = +10 秒，往前撥 10 秒
clock-plus-1min = +1 分鐘
clock-plus-1min-title = 把時間往前撥一分鐘
clock-plus-1min-label = +1 分鐘，往前撥 1 分鐘
clock-real = 真實時間
clock-real-title = 回到真實時鐘（時間不會倒退：已經超前的時鐘會維持超前）

## Key 檢視區

keys-pane = Key 檢視區
keys-database = 資料庫
keys-filter = 篩選 key
keys-filter-placeholder = 篩選：*、:1:*、user:?
keys-count = 共 { $n } 個 key
keys-table = 資料庫 { $db } 的 key
keys-col-key = Key
keys-col-type = 型別
keys-col-ttl = TTL
keys-col-size = 大小
keys-empty = 還沒有任何 key。在終端機試試 SET greeting hello。
keys-value = 值

## 選取的 key 的值

value-gone = 這個 key 已經不存在了。
value-more = …還有 { $n } 個
value-integer = 整數，可以用 INCR/DECR
value-float = 浮點數，可以用 INCRBYFLOAT
value-text = 文字
value-binary = 二進位，以 redis-cli 印出的方式顯示
value-col-field = 欄位
value-col-value = 值
value-col-index = 索引
value-col-element = 元素
value-col-member = 成員
value-col-score = 分數
stream-last-id = 最後一個 ID：{ $id }
stream-group = 群組
# 接在群組名稱後面：它最後發出的 ID，以及待處理的項目數。
stream-group-state = { " " }— 已發出到 { $id } — 待處理 { $n } 個
stream-earlier = …還有 { $n } 個較早的項目
stream-col-id = ID
stream-col-fields = 欄位
stream-id-time = 加入於 { $date }（如果 ID 是 XADD 產生的）
zset-show-as = 顯示方式
zset-scores = 分數
zset-positions = 位置
geo-not-all = 有些分數不是 GEOADD 可能存入的位置；以 GEOPOS 解碼的方式顯示。
geo-distances-from = 計算距離的起點
geo-col-position = 經度，緯度
geo-col-distance = 距離（公尺）

## 終端機

terminal = 終端機
terminal-output = 終端機輸出
terminal-command = 指令
terminal-waiting = 等待回覆中…（按 Ctrl+C 取消）
terminal-subscribed = 已訂閱：訊息一到就會顯示（按 Ctrl+C 離開）
paste-progress = 貼上進度
paste-running = 正在執行貼上的內容：{ $done }/{ $total } 行（按 Ctrl+C 停止）
clients = 用戶端
# 終端機的一個分頁：一條連到引擎的用戶端連線，從 1 開始編號。
client-name = 用戶端 { $n }
client-blocked = { $name }（阻塞中）
client-subscribed = { $name }（已訂閱）
client-new = + 新增用戶端
client-new-title = 開啟另一條用戶端連線

## 在瀏覽器裡打開的 dump.rdb

explore-banner = 正在瀏覽 dump 檔
explore-title = 正在瀏覽 { $name }
explore-private = { " " }— 這是這個分頁裡的私人副本，不會上傳也不會儲存任何東西。終端機和下方的 key 都屬於這個檔案。
explore-back = 回到我的 keyspace
explore-opening = 正在開啟 dump 檔
dismiss = 關閉
open-refused = 沒有開啟 { $name }，什麼都沒有改變：{ $why }
open-refused-aof = 沒有開啟 { $name }，什麼都沒有改變：{ $why }（append-only file 要用「載入 AOF」載入）
open-too-large = 檔案大小是 { $size }，超過這個頁面能開啟的 { $max }
open-unreadable = 瀏覽器無法讀取它
open-reading = 正在讀取 { $name }（{ $size }）…
open-loading = 正在載入 { $name }…
open-loading-percent = 正在載入 { $name }：已完成 { $percent }%（共 { $size }）…
open-reporting = { $name }：已載入 { $n } 個 key，正在逐一檢查以產生報告…
report = dump 檔報告
report-title = { $name } 裡有什麼
report-file = 檔案
report-version = RDB 版本
report-written-by = 寫入者
report-written-at = 寫入時間
report-memory = 當時的記憶體用量
report-aof-base = AOF 基底檔
report-aof-base-yes = 是（AOF 的 RDB 前導）
report-no = 否
report-checksum = 檢查碼
report-checksum-verified = CRC-64 驗證無誤
report-checksum-none = 未檢查（寫入時沒有檢查碼）
report-keys = Key 數
report-functions = 函式庫（用 FCALL 呼叫其中的函式）：{ $names }
report-functions-skipped = 未載入的函式庫（較舊的格式，或在這裡無法載入的程式碼）：{ $names }
report-empty-skipped = 略過了 { $n } 個空的 key，和 Redis 的做法一樣。
report-no-keys = 這個檔案裡沒有 key。
report-per-db = 各資料庫的 key
report-with-ttl = 有 TTL
report-per-type = 各型別的 key
report-encodings = 編碼
report-ttl = 剩餘存活時間
ttl-none = 沒有 TTL
ttl-past = 已經過期（略過）
ttl-minute = < 1 分鐘
ttl-hour = < 1 小時
ttl-day = < 1 天
ttl-week = < 1 週
ttl-later = 更久
report-biggest = 最大的 key
report-biggest-caption = 最大的 key（序列化後的大小，也就是 DUMP 給出的大小）
report-elements = 元素
report-show-key = 在檢視區顯示 { $key }（db{ $db }）
report-bytes = { $n ->
   *[other] { $count } 位元組
}
report-aux = AUX 欄位（{ $n }）

## 持久化面板（頁面頂端）

persist-panel = 持久化面板
persist = 持久化
persist-action = 持久化操作
persist-loading = 正在載入你的 keyspace…
persist-saving = 已儲存在這個瀏覽器（AOF，appendfsync { $policy }）· 已重播 { $n } 個指令
persist-saving-truncated = 已儲存在這個瀏覽器 · 已重播 { $n } 個指令，略過了被截斷的最後一個指令（{ $bytes } 位元組）
persist-corrupt = 未儲存，因為儲存的 AOF 無法載入：{ $error }
persist-unavailable = 未儲存，key 只存在這個分頁裡：{ $why }
persist-following = 由這個 playground 的另一個分頁儲存 · 這個分頁即時跟著它（控制項在那個分頁的面板上）
persist-took-over = 已儲存在這個瀏覽器（AOF，appendfsync { $policy }）· 原本儲存的分頁已關閉，由這個分頁接手
corrupt-explain = 你儲存的 AOF 在第 { $offset } 個位元組處損壞了。沒有刪除任何東西。你可以保留損壞處之前的 { $n } 個指令，或從空白開始；不論選哪一個，損壞的記錄檔都還可以下載。
corrupt-keep = 保留 { $n } 個完好的指令
corrupt-empty = 從空白開始
corrupt-download = 下載損壞的 AOF
aof-figures = AOF { $size } · { $n } 個指令
aof-rewrites = { " " }· 重寫過 { $n } 次
aof-last-commit = { " " }· 上次提交 { $ago }
aof-waiting = { " " }· { $size } 等待寫入
ago-seconds = { $s } 秒前
ago-minutes = { $n } 分鐘前
aof-off = appendonly no：寫入不會被記錄
aof-rewrite = 立即重寫
aof-download = 下載 AOF
aof-load = 載入 AOF
load-unreadable = 無法讀取 { $name }。
load-done = 已載入 { $name }：重播了 { $n } 個指令。
load-refused = 沒有載入 { $name }，什麼都沒有改變：{ $why }
reset = 重設
reset-question = 要清除所有 key 嗎？
reset-confirm = 全部清除
reset-done = 每個資料庫都清空了；儲存的 AOF 已經重寫。
confirm-reset = 確認重設
cancel = 取消
rdb-stored = 已儲存 dump.rdb：{ $size } · 儲存於 { $saved } · LASTSAVE { $lastsave }
rdb-none = 還沒有儲存 dump.rdb（SAVE 或 BGSAVE 會寫出一個）· LASTSAVE { $lastsave }
rdb-save-failed = { " " }· 上次儲存失敗：{ $why }
rdb-download-saved = 下載 dump.rdb（儲存於 { $saved }）
rdb-download-saved-title = 上次 SAVE 或 BGSAVE 儲存的 dump.rdb；要取得 keyspace 現在的樣子，先執行 SAVE
rdb-download-now = 下載快照（dump.rdb）
rdb-download-now-title = keyspace 現在的樣子，存成 SAVE 寫出的那種檔案
rdb-open = 開啟 dump.rdb

## 課程

lessons = 課程
lessons-title = 一步一步學 Redis
lessons-loading = 正在載入課程…
lessons-free-play = 每一課都有自己的 keyspace；這個終端機可以自由練習。
lessons-list = 課程列表
lessons-start-here = 從這裡開始
lessons-continue = 繼續
lessons-done = ✓ 已完成
lessons-progress = { $done }/{ $n } 步
lesson = 課程
lesson-loading = 正在載入課程…
lesson-missing = 沒有「{ $id }」這一課。
lesson-unavailable = 無法載入「{ $title }」這一課：{ $why }。
lesson-back-to-free-play = 回到自由練習
lesson-all = ← 所有課程
lesson-loading-keyspace = 正在載入這一課的 keyspace…
lesson-steps = 步驟
lesson-step = 第 { $n } 步：{ $title }
lesson-step-done = 第 { $n } 步：{ $title }（已完成）
lesson-challenge = 挑戰
lesson-prepared = 這一步已準備好的資料
lesson-prepared-text = 這一步已經準備好：
lesson-stale = 這一步起始的 key 已經不見了（過期或被改變了）。
lesson-stale-again = 重新準備
lesson-hint = 提示
lesson-hint-n = 提示 { $n }：
lesson-another-hint = 再一個提示（{ $n }/{ $total }）
lesson-show-solution = 顯示解答
lesson-solution = 解答
lesson-solution-text = 一種做法：
lesson-step-status = 步驟狀態
lesson-complete = ✓ 這一課完成了：每一步都做完了。
lesson-step-complete = ✓ 這一步完成了。
lesson-your-turn = 輪到你了：自己寫出指令。當你的 keyspace 達到要求時，這一步就完成了。
lesson-try = 試試這些指令：當你的 keyspace 達到要求時，這一步就完成了。
lesson-next-lesson = 下一課：{ $title } →
lesson-nav = 課程導覽
lesson-previous = 上一步
lesson-next = 下一步
lesson-reset-step = 重設步驟
lesson-reset-step-title = 清空這一課的 keyspace，重新建立這一步的起始狀態
lesson-reset = 重設這一課
lesson-reset-confirm = 重設這一課的 key 和進度
lesson-aof-tail = AOF 結尾
lesson-aof-empty = （還沒有記錄任何東西：寫入一些資料吧）

## 指令區塊（課程、小工具）

commands-to-try = 可以試試的指令
command-reply = 回覆
command-reply-to = { $line } 的回覆
command-type = 輸入：{ $command }
command-type-title = 放進提示字元
command-run = 執行：{ $command }
command-run-title = 立即執行
command-client = 在用戶端 { $n } 執行：{ $command }
command-client-title = 在用戶端 { $n } 執行
command-wait = （等待 { $s } 秒）
command-clock-fast = 時鐘 ×10
command-clock-normal = 時鐘恢復正常速度
command-clock-jump = 時鐘 +{ $s } 秒

## 頁面

engine-version = keyspace-engine { $version }（相容 Redis { $redis }）
app-title = Keyspace Playground
language = 語言
# 模組載入時小工具顯示的預留文字（embed.js 裡有一份副本）。
widget-loading = 正在載入 Redis…
crash-title = playground 停止運作了
crash-explain = 內部錯誤讓引擎停止了。你儲存的 keyspace（這個瀏覽器裡的 AOF）完好無缺：可以下載它，或重新載入頁面來重播它。
crash-reload = 重新載入

## playground 自己的錯誤（Redis 的錯誤照 Redis 印出的原樣顯示）

# 在其他語言中顯示在工作量上限錯誤（"ERR command too big for the browser playground: ..."）
# 的下方；那個錯誤是引擎的回覆，所以維持英文。
work-limit-note = 這個指令要走訪的元素超過這個頁面允許的數量（為了讓頁面保持回應）。請縮小範圍（SCAN、LIMIT、COUNT），或改在 keyspace-server 上執行。
