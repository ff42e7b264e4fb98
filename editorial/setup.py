"""Set up 三审三校: the three review groups, their permissions and the workflow, and where it applies.

Written against an apps registry so the data migration (historical models) and `load_demo` /
`setup_editorial` (real models) run the same code. Every step is idempotent and never takes away
what an administrator granted or assigned by hand.
"""

WORKFLOW_NAME = "三审三校"
# The workflow Wagtail's own migrations create and assign to the root page (website migration 0006
# renames it to Chinese, and may run first).
DEFAULT_WORKFLOW_NAMES = ("Moderators approval", "审核员审批")
WHOLE_SITE_MESSAGE = "三审三校已应用于全站所有栏目（含今后新建的栏目）。"
EDITORS, SECTION_HEADS, LEADERS = "编辑", "科室负责人", "局领导"
# (task name, group): the order is the order of review.
TASKS = [("初审", EDITORS), ("复审", SECTION_HEADS), ("终审", LEADERS)]
# Page permissions on the protected trees. Editors and section heads cannot publish, so their only way
# to put an article online is to submit it; the final reviewer needs publish rights because the
# workflow publishes in the name of whoever approves last.
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    SECTION_HEADS: ["add_page", "change_page", "lock_page", "unlock_page"],
    LEADERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# (app_label, model, codename, name) granted to every review group.
COMMON_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    ("editorial", "editorialpermission", "view_statistics", "可查看阅读统计"),
    ("editorial", "wrongexpression", "add_wrongexpression", "Can add 规范用语"),
    ("editorial", "wrongexpression", "change_wrongexpression", "Can change 规范用语"),
    ("editorial", "wrongexpression", "view_wrongexpression", "Can view 规范用语"),
]
EXTRA_PERMISSIONS = {
    LEADERS: [("editorial", "editorialpermission", "change_publish_date", "可修改发布时间")],
}
# Images and documents editors may upload and choose (on the root collection).
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", "add_image", "Can add image"),
    ("wagtailimages", "image", "choose_image", "Can choose image"),
    ("wagtaildocs", "document", "add_document", "Can add document"),
    ("wagtaildocs", "document", "choose_document", "Can choose document"),
]

# 常见错误写法 → 规范写法 (a starting list; editors keep it under 片段 > 规范用语).
WRONG_EXPRESSIONS = [
    ("坚持以人民为中心思想", "坚持以人民为中心的发展思想", "重要理论表述，不得省略"),
    ("习近平新时代中国特色社会主义理论", "习近平新时代中国特色社会主义思想", "重要理论表述"),
    ("国家民政部", "民政部", "国务院组成部门的正式名称为民政部"),
    ("宣城民政局", "宣城市民政局", "本机关名称使用全称"),
    ("最低生活保证", "最低生活保障", "《社会救助暂行办法》用语"),
    ("低保户", "低保对象", "政策文件的规范称谓"),
    ("五保户", "特困人员", "农村五保供养已并入特困人员救助供养制度"),
    ("社会救济", "社会救助", "现行法规统一使用“社会救助”"),
    ("残废人", "残疾人", "《残疾人保障法》用语"),
    ("智障人", "智力残疾人", "《残疾人保障法》用语，避免歧视性称谓"),
    ("孤儿院", "儿童福利机构", "现行规范名称"),
    ("政府信息公开年报", "政府信息公开工作年度报告", "《政府信息公开条例》用语"),
]


def get_permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def ensure_workflow(apps):
    """Create (or complete) the groups and the 三审三校 workflow; return the workflow."""
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS}
    root_collection = Collection.objects.filter(depth=1).first()
    for name, group in groups.items():
        for spec in COMMON_PERMISSIONS + EXTRA_PERMISSIONS.get(name, []):
            group.permissions.add(get_permission(apps, *spec))
        if root_collection is not None:
            for spec in COLLECTION_PERMISSIONS:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=get_permission(apps, *spec)
                )

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    task_model, task_type = review_task_model(apps)
    for order, (task_name, group_name) in enumerate(TASKS):
        link = WorkflowTask.objects.filter(workflow=workflow, task__name=task_name).first()
        if link is not None:
            make_review_task(apps, link.task_id)
            continue
        task = GroupApprovalTask.objects.filter(name=task_name).first()
        if task is None:
            task = task_model.objects.create(name=task_name, content_type=task_type, active=True)
            task.groups.add(groups[group_name])
        make_review_task(apps, task.pk)
        WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=order)
    return workflow


def review_task_model(apps):
    """editorial.ReviewTask and its content type; plain GroupApprovalTask before migration 0003."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    try:
        model = apps.get_model("editorial", "ReviewTask")
        label = ("editorial", "reviewtask")
    except LookupError:
        model = apps.get_model("wagtailcore", "GroupApprovalTask")
        label = ("wagtailcore", "groupapprovaltask")
    content_type, _ = ContentType.objects.get_or_create(app_label=label[0], model=label[1])
    return model, content_type


def make_review_task(apps, task_id):
    """Turn a plain GroupApprovalTask of 三审三校 into a ReviewTask in place (same row, same task
    states, same groups), so separation of duties applies to reviews already under way."""
    model, content_type = review_task_model(apps)
    if model._meta.model_name != "reviewtask" or model.objects.filter(pk=task_id).exists():
        return
    if not apps.get_model("wagtailcore", "GroupApprovalTask").objects.filter(pk=task_id).exists():
        return  # some other kind of task an administrator put into the workflow: leave it
    # raw=True saves only the child table: the Task and GroupApprovalTask rows are already there.
    model(groupapprovaltask_ptr_id=task_id).save_base(raw=True)
    apps.get_model("wagtailcore", "Task").objects.filter(pk=task_id).update(content_type=content_type)


def cover_whole_tree(apps, workflow):
    """Put 三审三校 on Wagtail's root page, so every page, and every column created later, inherits
    it; and retire Wagtail's default 'Moderators approval' workflow (English, one step, approved by
    the 'Moderators' group the bureau does not use).

    Pages that 'Moderators approval' was assigned to get 三审三校 instead; reviews still running in
    it are cancelled (the pages stay as drafts and can be submitted again). A root already assigned
    to another workflow by an administrator keeps it.
    """
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    Task = apps.get_model("wagtailcore", "Task")

    for default in Workflow.objects.filter(name__in=DEFAULT_WORKFLOW_NAMES).exclude(pk=workflow.pk):
        WorkflowPage.objects.filter(workflow=default).update(workflow=workflow)
        WorkflowContentType.objects.filter(workflow=default).delete()
        running = WorkflowState.objects.filter(workflow=default, status__in=["in_progress", "needs_changes"])
        TaskState.objects.filter(workflow_state__in=running, status="in_progress").update(status="cancelled")
        running.update(status="cancelled", current_task_state=None)
        task_ids = list(default.workflow_tasks.values_list("task_id", flat=True))
        in_other_workflows = (
            Workflow.objects.filter(active=True, workflow_tasks__task_id__in=task_ids)
            .exclude(pk=default.pk)
            .values_list("workflow_tasks__task_id", flat=True)
        )
        Task.objects.filter(pk__in=task_ids).exclude(pk__in=list(in_other_workflows)).update(active=False)
        default.active = False
        default.save(update_fields=["active"])

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        WorkflowPage.objects.get_or_create(page_id=root.pk, defaults={"workflow": workflow})


def grant_page_permissions(apps, page_ids):
    """Give the review groups their page permissions on these trees."""
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for page_id in page_ids:
        for group_name, codenames in PAGE_PERMISSIONS.items():
            group = Group.objects.get(name=group_name)
            for codename in codenames:
                permission = get_permission(apps, "wagtailcore", "page", codename, codename)
                GroupPagePermission.objects.get_or_create(group=group, page_id=page_id, permission=permission)


def protect_pages(apps, page_ids):
    """Give the review groups their page permissions on these trees and put them under 三审三校.

    A tree an administrator already assigned to another workflow keeps it.
    """
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    workflow = ensure_workflow(apps)
    grant_page_permissions(apps, page_ids)
    for page_id in page_ids:
        WorkflowPage.objects.get_or_create(page_id=page_id, defaults={"workflow": workflow})


def site_root_ids(apps):
    """Every site's home page: the review groups work in all its columns, present and future."""
    Site = apps.get_model("wagtailcore", "Site")
    return list(Site.objects.order_by("pk").values_list("root_page_id", flat=True).distinct())


def default_page_ids(apps):
    """The trees 三审三校 covers: 资讯中心 and, when the placenames app is there, the 红色地名 column."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    ids = []
    news_type = ContentType.objects.filter(app_label="news", model="newsindexpage").first()
    if news_type is not None:
        news = Page.objects.filter(content_type=news_type, depth=3)
        ids += list(news.filter(title="资讯中心").values_list("pk", flat=True)) or list(
            news.filter(slug="news").values_list("pk", flat=True)
        )
    column_type = ContentType.objects.filter(app_label="placenames", model="placenamecolumnpage").first()
    if column_type is not None:
        ids += list(Page.objects.filter(content_type=column_type).values_list("pk", flat=True))
    return ids


def ensure_wrong_expressions(apps):
    WrongExpression = apps.get_model("editorial", "WrongExpression")
    for wrong, correct, note in WRONG_EXPRESSIONS:
        WrongExpression.objects.get_or_create(wrong=wrong, defaults={"correct": correct, "note": note})


def setup_all(apps):
    workflow = ensure_workflow(apps)
    cover_whole_tree(apps, workflow)
    grant_page_permissions(apps, site_root_ids(apps))
    protect_pages(apps, default_page_ids(apps))
    ensure_wrong_expressions(apps)
