-- summary.lua: reduces a post to what the index shows of it, as two lines of HTML
-- (run with -t html --wrap=none): the title, then what the chapter adds. That is the
-- front matter's optional `description:`, or else the first sentence of the post's
-- first paragraph.

-- Front matter values arrive as inlines, or as blocks when written as a YAML block.
local function inlines(value)
  local first = value and value[1]
  if first and first.content and (first.t == "Para" or first.t == "Plain") then
    return value[1].content
  end
  return value
end

-- Closing quotes and brackets that may follow the . ! or ? ending a sentence.
local CLOSERS = "[\"')%]\226\128\153\226\128\157]*$"

-- A sentence ends with a word ending in . ! or ? (perhaps inside quotes or brackets)
-- at the end of the paragraph, or followed by a space and a word that does not start
-- in lower case (so that 'put "Hello World!" on the screen' goes on).
local function first_sentence(content)
  local sentence = pandoc.List()
  for i, inline in ipairs(content) do
    sentence:insert(inline)
    local space, word = content[i + 1], content[i + 2]
    local text = inline.t ~= "Code" and pandoc.utils.stringify(inline) or ""
    local ends = text:match("[.!?]" .. CLOSERS)
    local next_word = word and pandoc.utils.stringify(word) or ""
    if ends and (not space or ((space.t == "Space" or space.t == "SoftBreak")
                               and not next_word:match("^%l"))) then
      break
    end
  end
  return sentence
end

function Pandoc(doc)
  local description = inlines(doc.meta.description)
  if not description then
    for _, block in ipairs(doc.blocks) do
      if block.t == "Para" then
        description = first_sentence(block.content)
        break
      end
    end
  end
  local title = inlines(doc.meta.title) or {}
  return pandoc.Pandoc({ pandoc.Plain(title), pandoc.Plain(description or {}) })
end
