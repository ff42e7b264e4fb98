"""StreamField blocks for article bodies: paragraphs, captioned images, tables, attachments."""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

TABLE_OPTIONS = {
    "minSpareRows": 0,
    "startRows": 3,
    "startCols": 3,
    "colHeaders": False,
    "rowHeaders": False,
    "contextMenu": ["row_above", "row_below", "col_left", "col_right", "remove_row", "remove_col", "undo", "redo"],
    "editor": "text",
    "stretchH": "all",
    "language": "zh-CN",
    "renderer": "text",
    "autoColumnSize": False,
}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="图片")
    alt = blocks.CharBlock(
        label="替代文字", required=False, max_length=200, help_text="为视障读者描述图片内容；留空则使用图片标题。"
    )
    caption = blocks.CharBlock(label="图片说明", required=False, max_length=200)

    class Meta:
        icon = "image"
        label = "图片"
        template = "news/blocks/captioned_image.html"


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="附件")
    title = blocks.CharBlock(label="显示名称", required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = "附件"
        template = "news/blocks/attachment.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label="段落",
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h2", "h3"],
        template="news/blocks/paragraph.html",
    )
    image = CaptionedImageBlock()
    table = TableBlock(label="表格", table_options=TABLE_OPTIONS, template="news/blocks/table.html")
    attachment = AttachmentBlock()
