# Keyspace Playground 的简体中文界面（zh-CN）：译自 web/i18n/en.ftl，消息和变量与之相同。
# Redis 的回复、redis-cli 的文字和 HELP 保持 Redis 打印的原样，不翻译。
# 语法：Project Fluent 的一个子集（playground/src/i18n/catalogue.rs）。
# 术语与 web/lessons/zh-CN/ 的课程一致：键、键空间、客户端、回复、这一步、检查器、练习场。

## 时钟（检查器上方）

clock-real-time = 时钟：实时
clock-paused = 时钟已暂停{ $lag }
clock-fast = 时钟 ×{ $rate }{ $lag }
clock-running = 时钟运行中{ $lag }
clock-ahead = ，快 { $span }
clock-behind = ，慢 { $span }
span-seconds = { $s } 秒
span-minutes = { $min } 分 { $s } 秒
span-hours = { $h } 小时 { $min } 分
clock-group = 时钟
clock-state = 时钟状态
clock-resume = 继续
clock-resume-title = 让时间继续走
clock-resume-label = 让时钟继续走
clock-pause = 暂停
clock-pause-title = 让时间停下：TTL 不再变化
clock-pause-label = 暂停时钟
clock-fast-title = 让时间以十倍速度流逝
clock-fast-label = ×{ $rate }，十倍速
clock-plus-10s = +10 秒
clock-plus-10s-title = 把时间拨快 10 秒
clock-plus-10s-label = +10 秒，前进 10 秒
clock-plus-1min = +1 分钟
clock-plus-1min-title = 把时间拨快一分钟
clock-plus-1min-label = +1 分钟，前进 1 分钟
clock-real = 实时
clock-real-title = 回到真实时钟（时钟不会倒退：已经拨快的时钟仍然领先）

## 键检查器

keys-pane = 键
keys-database = 数据库
keys-filter = 筛选键
keys-filter-placeholder = 筛选：*、:1:*、user:?
keys-count = { $n } 个键
keys-table = { $db } 号数据库的键
keys-col-key = 键
keys-col-type = 类型
keys-col-ttl = TTL
keys-col-size = 大小
keys-empty = 还没有键。试试在终端里输入 SET greeting hello。
keys-value = 值

## 选中的键的值

value-gone = 这个键已经不存在了。
value-more = … 还有 { $n } 项
value-integer = 整数——可以用 INCR/DECR 操作它
value-float = 浮点数——可以用 INCRBYFLOAT 操作它
value-text = 文本
value-binary = 二进制——按 redis-cli 的打印方式显示
value-col-field = 字段
value-col-value = 值
value-col-index = 索引
value-col-element = 元素
value-col-member = 成员
value-col-score = 分数
stream-last-id = 最后一个 ID：{ $id }
stream-group = 消费者组
# 跟在组名后面：它最后投递的 ID，以及待处理条目的数量。
stream-group-state = { " " }—— 已投递到 { $id }，{ $n } 条待处理
stream-earlier = … 还有 { $n } 个更早的条目
stream-col-id = ID
stream-col-fields = 字段
stream-id-time = 添加于 { $date }（如果 ID 是 XADD 生成的）
zset-show-as = 显示为
zset-scores = 分数
zset-positions = 位置
geo-not-all = 有些分数不是 GEOADD 能存入的位置；按 GEOPOS 解码的方式显示。
geo-distances-from = 测距起点
geo-col-position = 经度，纬度
geo-col-distance = 距离（米）

## 终端

terminal = 终端
terminal-output = 终端输出
terminal-command = 命令
terminal-waiting = 正在等待回复……（按 Ctrl+C 取消）
terminal-subscribed = 已订阅：消息一到就会显示（按 Ctrl+C 退出）
paste-progress = 粘贴进度
paste-running = 正在运行粘贴的行：第 { $done } 行，共 { $total } 行（按 Ctrl+C 停止）
clients = 客户端
# 终端的一个标签页：与引擎的一个客户端连接，从 1 开始编号。
client-name = 客户端 { $n }
client-blocked = { $name }（阻塞中）
client-subscribed = { $name }（已订阅）
client-new = + 新建客户端
client-new-title = 再打开一个客户端连接

## 在浏览器里打开的 dump.rdb

explore-banner = 正在查看 RDB 文件
explore-title = 正在查看 { $name }
explore-private = { " " }—— 这是本标签页里的一份私有副本，不会上传或保存任何内容。终端和下方的键都来自这个文件。
explore-back = 回到我的键空间
explore-opening = 正在打开 RDB 文件
dismiss = 关闭
open-refused = { $name } 没有打开，什么都没有改变：{ $why }
open-refused-aof = { $name } 没有打开，什么都没有改变：{ $why }（AOF 文件请用“加载 AOF”加载）
open-too-large = 文件大小为 { $size }，超过了本页面能打开的上限 { $max }
open-unreadable = 浏览器无法读取它
open-reading = 正在读取 { $name }（{ $size }）…
open-loading = 正在加载 { $name }…
open-loading-percent = 正在加载 { $name }：已完成 { $percent }%（共 { $size }）…
open-reporting = { $name }：已加载 { $n } 个键，正在逐一检查以生成报告…
report = RDB 文件报告
report-title = { $name } 里有什么
report-file = 文件
report-version = RDB 版本
report-written-by = 写入者
report-written-at = 写入时间
report-memory = 当时的内存用量
report-aof-base = AOF 基础文件
report-aof-base-yes = 是（AOF 的 RDB 前导）
report-no = 否
report-checksum = 校验和
report-checksum-verified = CRC-64 校验通过
report-checksum-none = 未校验（写入时没有校验和）
report-keys = 键数
report-functions = 函数库（用 FCALL 调用其中的函数）：{ $names }
report-functions-skipped = 未加载的函数库（旧格式，或在这里无法加载的代码）：{ $names }
report-empty-skipped = 略去了 { $n } 个空键，和 Redis 的做法一样。
report-no-keys = 这个文件里没有键。
report-per-db = 各数据库的键数
report-with-ttl = 带 TTL
report-per-type = 各类型的键数
report-encodings = 编码
report-ttl = 生存时间
ttl-none = 无 TTL
ttl-past = 已过期（已略去）
ttl-minute = < 1 分钟
ttl-hour = < 1 小时
ttl-day = < 1 天
ttl-week = < 1 周
ttl-later = 更久
report-biggest = 最大的键
report-biggest-caption = 最大的键（序列化后的大小，即 DUMP 给出的大小）
report-elements = 元素数
report-show-key = 在检查器中显示 { $key }（db{ $db }）
report-bytes = { $n ->
   *[other] { $count } 字节
}
report-aux = AUX 字段（{ $n }）

## 持久化面板（应用的页头）

persist-panel = 持久化面板
persist = 持久化
persist-action = 持久化操作
persist-loading = 正在加载你的键空间…
persist-saving = 已保存在此浏览器中（AOF，appendfsync { $policy }）· 已重放 { $n } 条命令
persist-saving-truncated = 已保存在此浏览器中 · 已重放 { $n } 条命令，末尾一条被截断的命令（{ $bytes } 字节）已略去
persist-corrupt = 未保存——存储的 AOF 无法加载：{ $error }
persist-unavailable = 未保存——键只存在于这个标签页中：{ $why }
persist-following = 由这个练习场的另一个标签页保存 · 本标签页实时跟随它（操作按钮在那个标签页的面板上）
persist-took-over = 已保存在此浏览器中（AOF，appendfsync { $policy }）· 原来负责保存的标签页已关闭，由本标签页接管
corrupt-explain = 你存储的 AOF 在第 { $offset } 字节处损坏。没有删除任何东西。你可以保留损坏处之前的 { $n } 条命令，或者从空白开始；无论选哪种，损坏的日志都仍然可以下载。
corrupt-keep = 保留 { $n } 条完好的命令
corrupt-empty = 从空白开始
corrupt-download = 下载损坏的 AOF
aof-figures = AOF { $size } · { $n } 条命令
aof-rewrites = { " " }· 重写 { $n } 次
aof-last-commit = { " " }· 上次提交于 { $ago }
aof-waiting = { " " }· { $size } 待写入
ago-seconds = { $s } 秒前
ago-minutes = { $n } 分钟前
aof-off = appendonly no：写入不会被记录
aof-rewrite = 立即重写
aof-download = 下载 AOF
aof-load = 加载 AOF
load-unreadable = 无法读取 { $name }。
load-done = 已加载 { $name }：重放了 { $n } 条命令。
load-refused = { $name } 没有加载，什么都没有改变：{ $why }
reset = 重置
reset-question = 删除所有键？
reset-confirm = 全部删除
reset-done = 所有数据库都已清空；存储的 AOF 已重写。
confirm-reset = 确认重置
cancel = 取消
rdb-stored = 已存储 dump.rdb：{ $size } · 保存于 { $saved } · LASTSAVE { $lastsave }
rdb-none = 还没有存储 dump.rdb（SAVE 或 BGSAVE 会写出一个）· LASTSAVE { $lastsave }
rdb-save-failed = { " " }· 上次保存失败：{ $why }
rdb-download-saved = 下载 dump.rdb（保存于 { $saved }）
rdb-download-saved-title = 上次 SAVE 或 BGSAVE 存储的 dump.rdb；要得到键空间现在的样子，先运行 SAVE
rdb-download-now = 下载快照（dump.rdb）
rdb-download-now-title = 键空间现在的样子，存成 SAVE 写出的文件
rdb-open = 打开 dump.rdb

## 课程

lessons = 课程
lessons-title = 一步一步学 Redis
lessons-loading = 正在加载课程…
lessons-free-play = 每一课都有自己的键空间；这个终端可以自由练习。
lessons-list = 课程列表
lessons-start-here = 从这里开始
lessons-continue = 继续
lessons-done = ✓ 已完成
lessons-progress = { $done }/{ $n } 步
lesson = 课程
lesson-loading = 正在加载课程…
lesson-missing = 没有“{ $id }”这一课。
lesson-unavailable = 无法加载“{ $title }”一课：{ $why }。
lesson-back-to-free-play = 回到自由练习
lesson-all = ← 全部课程
lesson-loading-keyspace = 正在加载本课的键空间…
lesson-steps = 步骤
lesson-step = 第 { $n } 步：{ $title }
lesson-step-done = 第 { $n } 步：{ $title }（已完成）
lesson-challenge = 挑战
lesson-prepared = 这一步的准备
lesson-prepared-text = 这一步已预先执行：
lesson-stale = 这一步起始时的键已经不在了（过期或被改动了）。
lesson-stale-again = 重新准备
lesson-hint = 提示
lesson-hint-n = 提示 { $n }：
lesson-another-hint = 再来一个提示（{ $n }/{ $total }）
lesson-show-solution = 显示答案
lesson-solution = 答案
lesson-solution-text = 一种做法：
lesson-step-status = 这一步的状态
lesson-complete = ✓ 本课完成：所有步骤都已完成。
lesson-step-complete = ✓ 这一步完成了。
lesson-your-turn = 轮到你了：自己写出命令。键空间达到要求时，这一步就完成了。
lesson-try = 试试这些命令：键空间达到要求时，这一步就完成了。
lesson-next-lesson = 下一课：{ $title } →
lesson-nav = 课程导航
lesson-previous = 上一步
lesson-next = 下一步
lesson-reset-step = 重置本步
lesson-reset-step-title = 清空本课的键空间，重新建立这一步的起始状态
lesson-reset = 重置本课
lesson-reset-confirm = 重置本课的键和进度
lesson-aof-tail = AOF 末尾
lesson-aof-empty = （还没有记录任何内容：写点什么吧）

## 命令块（课程、小部件）

commands-to-try = 可以试试的命令
command-reply = 回复
command-reply-to = { $line } 的回复
command-type = 输入：{ $command }
command-type-title = 放进提示符
command-run = 运行：{ $command }
command-run-title = 立即运行
command-client = 在客户端 { $n } 中运行：{ $command }
command-client-title = 在客户端 { $n } 中运行
command-wait = （等待 { $s } 秒）
command-clock-fast = 时钟 ×10
command-clock-normal = 时钟恢复正常速度
command-clock-jump = 时钟 +{ $s } 秒

## 页面

engine-version = keyspace-engine { $version }（兼容 Redis { $redis }）
app-title = Keyspace Playground
language = 语言
# 模块加载期间小部件显示的占位文字（embed.js 里有一份副本）。
widget-loading = 正在加载 Redis…
crash-title = 练习场停止运行了
crash-explain = 一个内部错误让引擎停止了运行。你存储的键空间（这个浏览器里的 AOF）完好无损：可以下载它，或者重新加载页面来重放它。
crash-reload = 重新加载

## 练习场自己的错误（Redis 的错误保持 Redis 打印的原样）

# 在其他语言里显示在工作量上限错误（"ERR command too big for the browser playground: ..."）
# 下方；该错误按引擎的回复保持英文。
work-limit-note = 这条命令要遍历的元素超过了本页面允许的数量，这个上限是为了让页面保持响应。请缩小范围（SCAN、LIMIT、COUNT），或者在 keyspace-server 上运行它。
