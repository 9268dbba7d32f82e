-- Migration (v1.3): narrative figures that are counts (涉及二级项目31个), not money or ratios.
ALTER TABLE narrative_figures ADD COLUMN IF NOT EXISTS quantity DECIMAL(18, 2);

COMMENT ON COLUMN narrative_figures.quantity IS 'A count the sentence states, where the figure is one (绩效自评项目数 31 for 涉及二级项目31个; 绩效自评等级优项目数 28); NULL for amounts and ratios.';
