// Contract entries of the Excel exchange (issue: import and export). Empty until that work lands.

export const excelInputs = {} as const;
export const excelJobInputs = {} as const;
export type ExcelOutputs = Record<never, never>;
