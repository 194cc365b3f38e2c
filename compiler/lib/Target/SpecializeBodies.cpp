//===- SpecializeBodies.cpp - the device library specialized per body ------===//
//
// The device library's bodies read a task's parameters from its table record
// through a few readers (device/Prelude.mlir: @ip, @fp, @dtype, @has,
// @constant_operand; @u32 at the kind's offset). For each body of an
// artifact, the library functions that read the running task's record are
// copied and those reads become constants wherever every task of the body
// agrees, so LLVM folds the dtype switches, the optional operands and the
// shapes away. Reads of other tasks' records (the weight ring's producer, the
// walker's prefetch) are left alone: only the value passed down as the
// running task is followed.
//
//===----------------------------------------------------------------------===//
#include "tilec/Target/DeviceBodies.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSwitch.h"

#include <cstddef>

using namespace mlir;
using namespace mlir::tile;

namespace {
enum class Reader { None, Ip, Fp, Dtype, Has, ConstantOperand, U32 };

Reader readerOf(StringRef callee) {
  return llvm::StringSwitch<Reader>(callee)
      .Case("ip", Reader::Ip)
      .Case("fp", Reader::Fp)
      .Case("dtype", Reader::Dtype)
      .Case("has", Reader::Has)
      .Case("constant_operand", Reader::ConstantOperand)
      .Case("u32", Reader::U32)
      .Default(Reader::None);
}

/// The constant of `type` a reader returns for every task of `body`, or
/// null where they differ (or the slot may not be a constant).
TypedAttr fixedValue(Reader reader, uint64_t slot, const DeviceBody &body,
                     Type type, Builder &builder) {
  const tilec_task &s = body.shape;
  auto integer = [&](int64_t v) -> TypedAttr {
    return builder.getIntegerAttr(type, v);
  };
  bool operand = slot < TILEC_TASK_OPERANDS;
  switch (reader) {
  case Reader::Ip:
    if (slot < TILEC_TASK_IPARAMS && (body.fixedIp >> slot & 1))
      return integer(s.ip[slot]);
    return {};
  case Reader::Fp:
    if (slot < TILEC_TASK_FPARAMS && (body.fixedFp >> slot & 1))
      return builder.getFloatAttr(type, APFloat(s.fp[slot]));
    return {};
  case Reader::Dtype:
    return operand ? integer(s.op[slot].dtype) : TypedAttr();
  case Reader::Has:
    return operand ? integer(body.hasOperand(slot)) : TypedAttr();
  case Reader::ConstantOperand:
    return operand ? integer((s.op[slot].flags & TILEC_OPERAND_CONSTANT) != 0)
                   : TypedAttr();
  case Reader::U32:
    return slot == offsetof(tilec_task, kind) ? integer(s.kind) : TypedAttr();
  case Reader::None:
    return {};
  }
  return {};
}

class Specializer {
public:
  explicit Specializer(Operation *module) : module(module), symbols(module) {
    findTaskReaders();
  }

  /// The copy of `f` for `body` whose argument `taskArg` is the running task.
  LLVM::LLVMFuncOp specialize(LLVM::LLVMFuncOp f, unsigned taskArg,
                              const DeviceBody &body, StringRef suffix) {
    std::string name = (f.getSymName() + "_" + suffix).str();
    if (auto existing = symbols.lookup<LLVM::LLVMFuncOp>(name))
      return existing;
    OpBuilder builder(f);
    builder.setInsertionPointAfter(f);
    auto copy = cast<LLVM::LLVMFuncOp>(builder.clone(*f));
    copy.setSymName(name);
    symbols.insert(copy);
    Value task = copy.getArgument(taskArg);
    SmallVector<LLVM::CallOp> calls;
    copy.walk([&](LLVM::CallOp call) { calls.push_back(call); });
    for (LLVM::CallOp call : calls) {
      std::optional<StringRef> callee = call.getCallee();
      if (!callee)
        continue;
      if (Reader reader = readerOf(*callee); reader != Reader::None) {
        fold(call, reader, task, body);
        continue;
      }
      if (!readsTask.contains(*callee))
        continue;
      SmallVector<unsigned> at;
      for (auto [i, operand] : llvm::enumerate(call.getArgOperands()))
        if (operand == task)
          at.push_back(i);
      if (at.size() != 1)
        continue;
      auto target = symbols.lookup<LLVM::LLVMFuncOp>(*callee);
      LLVM::LLVMFuncOp special = specialize(target, at[0], body, suffix);
      call.setCallee(special.getSymName());
    }
    return copy;
  }

  /// Erases the internal functions the kernel entry no longer reaches.
  void removeUnreachable() {
    llvm::DenseSet<StringRef> live;
    SmallVector<Operation *> work;
    module->walk([&](LLVM::LLVMFuncOp f) {
      if (f.getLinkage() != LLVM::Linkage::Internal)
        work.push_back(f);
    });
    while (!work.empty()) {
      Operation *op = work.pop_back_val();
      if (!live.insert(SymbolTable::getSymbolName(op).getValue()).second)
        continue;
      std::optional<SymbolTable::UseRange> uses = SymbolTable::getSymbolUses(op);
      if (!uses)
        continue;
      for (const SymbolTable::SymbolUse &use : *uses)
        if (Operation *target =
                symbols.lookup(use.getSymbolRef().getRootReference()))
          work.push_back(target);
    }
    SmallVector<LLVM::LLVMFuncOp> dead;
    module->walk([&](LLVM::LLVMFuncOp f) {
      if (!live.contains(f.getSymName()))
        dead.push_back(f);
    });
    for (LLVM::LLVMFuncOp f : dead)
      symbols.erase(f);
  }

private:
  /// Replaces a read of the running task's record by the body's constant.
  void fold(LLVM::CallOp call, Reader reader, Value task,
            const DeviceBody &body) {
    if (call.getArgOperands().size() != 2 || call.getArgOperands()[0] != task ||
        call.getNumResults() != 1)
      return;
    APInt slotBits;
    if (!matchPattern(call.getArgOperands()[1], m_ConstantInt(&slotBits)))
      return;
    OpBuilder builder(call);
    TypedAttr value = fixedValue(reader, slotBits.getZExtValue(), body,
                                 call.getResult().getType(), builder);
    if (!value)
      return;
    Value constant = arith::ConstantOp::create(builder, call.getLoc(), value);
    call.getResult().replaceAllUsesWith(constant);
    call.erase();
  }

  /// Functions that call a reader, directly or through others.
  void findTaskReaders() {
    llvm::DenseMap<StringRef, SmallVector<StringRef>> callers;
    SmallVector<StringRef> work;
    module->walk([&](LLVM::CallOp call) {
      std::optional<StringRef> callee = call.getCallee();
      auto from = call->getParentOfType<LLVM::LLVMFuncOp>();
      if (!callee || !from)
        return;
      callers[*callee].push_back(from.getSymName());
      if (readerOf(*callee) != Reader::None)
        work.push_back(from.getSymName());
    });
    while (!work.empty()) {
      StringRef f = work.pop_back_val();
      if (readsTask.insert(f).second)
        llvm::append_range(work, callers.lookup(f));
    }
  }

  Operation *module;
  SymbolTable symbols;
  llvm::DenseSet<StringRef> readsTask;
};
} // namespace

LogicalResult mlir::tile::specializeDeviceBodies(Operation *deviceModule,
                                                 ArrayRef<DeviceBody> bodies) {
  Specializer specializer(deviceModule);
  auto runTask = SymbolTable::lookupSymbolIn(deviceModule, "run_task");
  if (!runTask)
    return deviceModule->emitError("internal error: no @run_task dispatcher");
  scf::IndexSwitchOp dispatch;
  runTask->walk([&](scf::IndexSwitchOp op) { dispatch = op; });
  if (!dispatch || dispatch.getCases().size() != bodies.size())
    return runTask->emitError("internal error: @run_task has no case per body");
  for (auto [region, value] :
       llvm::zip(dispatch.getCaseRegions(), dispatch.getCases())) {
    const DeviceBody &body = bodies[value];
    std::string suffix = "b" + std::to_string(value);
    SmallVector<LLVM::CallOp> calls;
    region.walk([&](LLVM::CallOp call) { calls.push_back(call); });
    for (LLVM::CallOp call : calls) {
      auto library = SymbolTable::lookupNearestSymbolFrom<LLVM::LLVMFuncOp>(
          call, call.getCalleeAttr());
      if (!library)
        return call.emitError("internal error: unknown device body");
      call.setCallee(
          specializer.specialize(library, 0, body, suffix).getSymName());
    }
  }
  specializer.removeUnreachable();
  return success();
}
