-- fold.lua: a folded block, for what a reader types but need not read (a lookup table, a
-- mechanical file, Makefile lines, a whole test file). It stays on the page, closed,
-- under a one-line summary:
--
--   ::: {.fold summary="The scancode table (`layout.c`, 90 lines)"}
--   ```{.c include="07-hw-interrupts/kernel/devices/keyboard/layout.c" ...}
--   ```
--   :::
--
-- becomes <details class="fold"><summary>...</summary> ... </details>. The summary is
-- Markdown (inline code and emphasis work). A listing can also fold itself with
-- include_code.lua's fold="..." attribute, which makes the same Div. The checks that
-- read the page (post_coverage.py, follow_along.py) see folded listings like any other;
-- post_stats.py leaves folded blocks out of a post's word count.

local function fail(message)
  io.stderr:write("fold.lua: " .. message .. "\n")
  os.exit(1)
end

function Div(div)
  if not div.classes:includes("fold") then return nil end
  local summary = div.attributes["summary"]
  if not summary or not summary:match("%S") then
    fail("a folded block needs summary=\"...\", one line saying what is inside")
  end
  local parsed = pandoc.read(summary, "markdown").blocks
  local inlines = (parsed[1] and parsed[1].content) or { pandoc.Str(summary) }
  local open = pandoc.List({ pandoc.RawInline("html", '<details class="fold"><summary>') })
  open:extend(inlines)
  open:insert(pandoc.RawInline("html", "</summary>"))
  local blocks = pandoc.List({ pandoc.Plain(open) })
  blocks:extend(div.content)
  blocks:insert(pandoc.RawBlock("html", "</details>"))
  return blocks
end
