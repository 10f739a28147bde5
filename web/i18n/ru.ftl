# Интерфейс Keyspace Playground на русском: перевод каталога web/i18n/en.ftl (те же
# сообщения и переменные). Ответы Redis, тексты redis-cli и HELP остаются такими, какими
# их печатает Redis.
# Синтаксис: подмножество Project Fluent (playground/src/i18n/catalogue.rs). Числа
# согласуются по правилам CLDR: [one] (1, 21, 31…), [few] (2–4, 22–24…), *[many] (0, 5–20…).

## Часы (над инспектором)

clock-real-time = Часы: реальное время
clock-paused = Часы на паузе{ $lag }
clock-fast = Часы ×{ $rate }{ $lag }
clock-running = Часы идут{ $lag }
clock-ahead = , спешат на { $span }
clock-behind = , отстают на { $span }
span-seconds = { $s } с
span-minutes = { $min } мин { $s } с
span-hours = { $h } ч { $min } мин
clock-group = Часы
clock-state = Состояние часов
clock-resume = Продолжить
clock-resume-title = Снова запустить время
clock-resume-label = Продолжить: снова запустить часы
clock-pause = Пауза
clock-pause-title = Остановить время: TTL замирают
clock-pause-label = Пауза: остановить часы
clock-fast-title = Ускорить время в десять раз
clock-fast-label = ×{ $rate }, в десять раз быстрее
clock-plus-10s = +10 с
clock-plus-10s-title = Перевести время на 10 секунд вперёд
clock-plus-10s-label = +10 с, на 10 секунд вперёд
clock-plus-1min = +1 мин
clock-plus-1min-title = Перевести время на минуту вперёд
clock-plus-1min-label = +1 мин, на 1 минуту вперёд
clock-real = Реальное время
clock-real-title = Вернуться к реальным часам (назад время не идёт: спешащие часы так и останутся впереди)

## Инспектор ключей

keys-pane = Ключи
keys-database = База данных
keys-filter = Фильтр ключей
keys-filter-placeholder = фильтр: *, :1:*, user:?
keys-count = { $n ->
    [one] { $n } ключ
    [few] { $n } ключа
   *[many] { $n } ключей
}
keys-table = Ключи базы данных { $db }
keys-col-key = Ключ
keys-col-type = Тип
keys-col-ttl = TTL
keys-col-size = Размер
keys-empty = Ключей пока нет. Выполните в терминале SET greeting hello.
keys-value = Значение

## Значение выбранного ключа

value-gone = Этого ключа больше нет.
value-more = … и ещё { $n }
value-integer = целое число — с ним работают INCR/DECR
value-float = число с плавающей точкой — с ним работает INCRBYFLOAT
value-text = текст
value-binary = двоичные данные — показаны так, как их печатает redis-cli
value-col-field = поле
value-col-value = значение
value-col-index = индекс
value-col-element = элемент
value-col-member = элемент
value-col-score = score
stream-last-id = последний ID { $id }
stream-group = группа
# После имени группы: последний доставленный ID и число ожидающих записей.
stream-group-state = { " " }— доставлено до { $id } — { $n ->
    [one] { $n } ожидающая запись
    [few] { $n } ожидающие записи
   *[many] { $n } ожидающих записей
}
stream-earlier = { $n ->
    [one] … и ещё { $n } более ранняя запись
    [few] … и ещё { $n } более ранние записи
   *[many] … и ещё { $n } более ранних записей
}
stream-col-id = ID
stream-col-fields = поля
stream-id-time = добавлена { $date } (если ID выбрал XADD)
zset-show-as = Показать как
zset-scores = Score
zset-positions = Позиции
geo-not-all = Некоторые score не похожи на позиции, которые мог бы сохранить GEOADD; они показаны так, как их декодировал бы GEOPOS.
geo-distances-from = Расстояния от
geo-col-position = долгота, широта
geo-col-distance = расстояние (м)

## Терминал

terminal = Терминал
terminal-output = Вывод терминала
terminal-command = Команда
terminal-waiting = Ожидание ответа... (Ctrl+C — отменить)
terminal-subscribed = Подписка: сообщения появляются по мере поступления (Ctrl+C — выйти)
paste-progress = Ход вставки
paste-running = Выполняются вставленные строки: { $done } из { $total } (Ctrl+C — остановить)
clients = Клиенты
# Вкладка терминала: одно клиентское соединение с движком, нумерация с 1.
client-name = Клиент { $n }
client-blocked = { $name } (заблокирован)
client-subscribed = { $name } (подписан)
client-new = + Новый клиент
client-new-title = Открыть ещё одно клиентское соединение

## dump.rdb, открытый в браузере

explore-banner = Просмотр файла дампа
explore-title = Просмотр { $name }
explore-private = { " " }— личная копия в этой вкладке; ничего не выгружается и не сохраняется. Терминал и ключи ниже — из этого файла.
explore-back = Вернуться к моему пространству ключей
explore-opening = Открытие файла дампа
dismiss = Закрыть
open-refused = { $name } не открыт, ничего не изменилось: { $why }
open-refused-aof = { $name } не открыт, ничего не изменилось: { $why } (файл AOF загружается кнопкой «Загрузить AOF»)
open-too-large = файл весит { $size }, а эта страница открывает не больше { $max }
open-unreadable = браузер не смог его прочитать
open-reading = Чтение { $name } ({ $size })…
open-loading = Загрузка { $name }…
open-loading-percent = Загрузка { $name }: { $percent }% из { $size }…
open-reporting = { $name }: { $n ->
    [one] загружен { $n } ключ; разбираем его для отчёта…
    [few] загружено { $n } ключа; разбираем их для отчёта…
   *[many] загружено { $n } ключей; разбираем их для отчёта…
}
report = Отчёт о файле дампа
report-title = Что хранит { $name }
report-file = Файл
report-version = Версия RDB
report-written-by = Кем записан
report-written-at = Когда записан
report-memory = Память на тот момент
report-aof-base = База AOF
report-aof-base-yes = да (RDB-преамбула AOF)
report-no = нет
report-checksum = Контрольная сумма
report-checksum-verified = CRC-64 проверена
report-checksum-none = не проверена (файл записан без неё)
report-keys = Ключи
report-functions = Библиотеки функций (их функции вызывает FCALL): { $names }
report-functions-skipped = Библиотеки функций не загружены (старый формат или код, который здесь не загружается): { $names }
report-empty-skipped = { $n ->
    [one] { $n } пустой ключ пропущен, как его пропускает и Redis.
    [few] { $n } пустых ключа пропущены, как их пропускает и Redis.
   *[many] { $n } пустых ключей пропущено, как их пропускает и Redis.
}
report-no-keys = В этом файле нет ключей.
report-per-db = Ключи по базам данных
report-with-ttl = С TTL
report-per-type = Ключи по типам
report-encodings = Кодировки
report-ttl = Время жизни
ttl-none = без TTL
ttl-past = уже истёк (пропущен)
ttl-minute = < 1 мин
ttl-hour = < 1 часа
ttl-day = < 1 дня
ttl-week = < 1 недели
ttl-later = позже
report-biggest = Самые большие ключи
report-biggest-caption = Самые большие ключи (размер в сериализованном виде, как его даёт DUMP)
report-elements = Элементы
report-show-key = Показать { $key } (db{ $db }) в инспекторе
report-bytes = { $n ->
    [one] { $count } байт
    [few] { $count } байта
   *[many] { $count } байт
}
report-aux = Поля AUX ({ $n })

## Панель персистентности (шапка приложения)

persist-panel = Панель персистентности
persist = Персистентность
persist-action = Действие панели персистентности
persist-loading = Загрузка вашего пространства ключей…
persist-saving = Сохраняется в этом браузере (AOF, appendfsync { $policy }) · { $n ->
    [one] проиграна { $n } команда
    [few] проиграны { $n } команды
   *[many] проиграно { $n } команд
}
persist-saving-truncated = Сохраняется в этом браузере · { $n ->
    [one] проиграна { $n } команда; неполная последняя команда (байт: { $bytes }) отброшена
    [few] проиграны { $n } команды; неполная последняя команда (байт: { $bytes }) отброшена
   *[many] проиграно { $n } команд; неполная последняя команда (байт: { $bytes }) отброшена
}
persist-corrupt = Не сохраняется — сохранённый AOF не загружается: { $error }
persist-unavailable = Не сохраняется — ключи живут только в этой вкладке: { $why }
persist-following = Сохраняет другая вкладка этой песочницы · эта вкладка следит за ней в реальном времени (управление — на её панели)
persist-took-over = Сохраняется в этом браузере (AOF, appendfsync { $policy }) · эта вкладка приняла сохранение у закрытой вкладки
corrupt-explain = Сохранённый AOF повреждён на байте { $offset }. Ничего не удалено. { $n ->
    [one] Оставьте { $n } команду до повреждения или начните с пустого; в обоих случаях повреждённый журнал можно будет скачать.
    [few] Оставьте { $n } команды до повреждения или начните с пустого; в обоих случаях повреждённый журнал можно будет скачать.
   *[many] Оставьте { $n } команд до повреждения или начните с пустого; в обоих случаях повреждённый журнал можно будет скачать.
}
corrupt-keep = Оставить { $n ->
    [one] { $n } целую команду
    [few] { $n } целые команды
   *[many] { $n } целых команд
}
corrupt-empty = Начать с пустого
corrupt-download = Скачать повреждённый AOF
aof-figures = AOF { $size } · { $n ->
    [one] { $n } команда
    [few] { $n } команды
   *[many] { $n } команд
}
aof-rewrites = { $n ->
    [one] { " " }· { $n } перезапись
    [few] { " " }· { $n } перезаписи
   *[many] { " " }· { $n } перезаписей
}
aof-last-commit = { " " }· последняя фиксация { $ago }
aof-waiting = { " " }· в очереди на запись: { $size }
ago-seconds = { $s } с назад
ago-minutes = { $n } мин назад
aof-off = appendonly no: записи не фиксируются
aof-rewrite = Перезаписать сейчас
aof-download = Скачать AOF
aof-load = Загрузить AOF
load-unreadable = Не удалось прочитать { $name }.
load-done = { $name } загружен: { $n ->
    [one] проиграна { $n } команда.
    [few] проиграны { $n } команды.
   *[many] проиграно { $n } команд.
}
load-refused = { $name } не загружен, ничего не изменилось: { $why }
reset = Сбросить
reset-question = Стереть все ключи?
reset-confirm = Стереть всё
reset-done = Все базы данных пусты; сохранённый AOF перезаписан.
confirm-reset = Подтверждение сброса
cancel = Отмена
rdb-stored = dump.rdb сохранён: { $size } · записан { $saved } · LASTSAVE { $lastsave }
rdb-none = dump.rdb ещё не сохранён (его пишет SAVE или BGSAVE) · LASTSAVE { $lastsave }
rdb-save-failed = { " " }· последнее сохранение не удалось: { $why }
rdb-download-saved = Скачать dump.rdb (сохранён { $saved })
rdb-download-saved-title = dump.rdb, который записал последний SAVE или BGSAVE; чтобы получить пространство ключей в текущем виде, сначала выполните SAVE
rdb-download-now = Скачать снимок (dump.rdb)
rdb-download-now-title = Пространство ключей в текущем виде, в файле, который пишет SAVE
rdb-open = Открыть dump.rdb

## Уроки

lessons = Уроки
lessons-title = Изучайте Redis шаг за шагом
lessons-loading = Загрузка уроков…
lessons-free-play = У каждого урока своё пространство ключей; этот терминал — свободный режим.
lessons-list = Список уроков
lessons-start-here = Начните отсюда
lessons-continue = Продолжить
lessons-done = ✓ пройден
lessons-progress = { $done }/{ $n } { $n ->
    [one] шага
    [few] шагов
   *[many] шагов
}
lesson = Урок
lesson-loading = Загрузка урока…
lesson-missing = Урока «{ $id }» нет.
lesson-unavailable = Не удалось загрузить урок «{ $title }»: { $why }.
lesson-back-to-free-play = Вернуться в свободный режим
lesson-all = ← Все уроки
lesson-loading-keyspace = Загрузка пространства ключей урока…
lesson-steps = Шаги
lesson-step = Шаг { $n }: { $title }
lesson-step-done = Шаг { $n }: { $title } (выполнен)
lesson-challenge = Задание
lesson-prepared = Подготовлено для этого шага
lesson-prepared-text = Подготовлено для этого шага:
lesson-stale = Ключей, с которых начинается этот шаг, больше нет (истекли или изменились).
lesson-stale-again = Подготовить их снова
lesson-hint = Подсказка
lesson-hint-n = Подсказка { $n }:
lesson-another-hint = Ещё подсказка ({ $n } из { $total })
lesson-show-solution = Показать решение
lesson-solution = Решение
lesson-solution-text = Один из способов:
lesson-step-status = Состояние шага
lesson-complete = ✓ Урок пройден: все шаги выполнены.
lesson-step-complete = ✓ Шаг выполнен.
lesson-your-turn = Ваша очередь: составьте команды сами. Шаг засчитается, когда это будет видно в вашем пространстве ключей.
lesson-try = Попробуйте команды: шаг засчитается, когда это будет видно в вашем пространстве ключей.
lesson-next-lesson = Следующий урок: { $title } →
lesson-nav = Навигация по уроку
lesson-previous = Назад
lesson-next = Далее
lesson-reset-step = Сбросить шаг
lesson-reset-step-title = Очистить пространство ключей урока и заново подготовить начальное состояние этого шага
lesson-reset = Сбросить урок
lesson-reset-confirm = Сбросить ключи и прогресс этого урока
lesson-aof-tail = Хвост AOF
lesson-aof-empty = (пока ничего не записано: запишите что-нибудь)

## Блоки команд (уроки, виджеты)

commands-to-try = Команды для пробы
command-reply = Ответ
command-reply-to = Ответ на { $line }
command-type = Подставить: { $command }
command-type-title = Подставить в приглашение
command-run = Выполнить: { $command }
command-run-title = Выполнить сейчас
command-client = Выполнить в клиенте { $n }: { $command }
command-client-title = Выполнить в клиенте { $n }
command-wait = (подождите { $s } с)
command-clock-fast = Часы ×10
command-clock-normal = Часы с обычной скоростью
command-clock-jump = Часы +{ $s } с

## Страница

engine-version = keyspace-engine { $version } (совместим с Redis { $redis })
app-title = Keyspace Playground
language = Язык
# Заглушка виджета, пока загружается модуль (копия есть в embed.js).
widget-loading = Загрузка Redis…
crash-title = Песочница остановилась
crash-explain = Внутренняя ошибка остановила движок. Сохранённое пространство ключей (AOF в этом браузере) не пострадало: скачайте его или перезагрузите страницу, чтобы проиграть его заново.
crash-reload = Перезагрузить

## Ошибки самой песочницы (ошибки Redis остаются такими, какими их печатает Redis)

# Показывается на других языках под ошибкой предела работы («ERR command too big for the
# browser playground: ...»), которая остаётся на английском, как её отвечает движок.
work-limit-note = Эта команда перебрала бы больше элементов, чем позволяет эта страница: так страница остаётся отзывчивой. Сузьте её (SCAN, LIMIT, COUNT) или выполните на keyspace-server.
